DROP INDEX fraud_reports_order;
DROP INDEX orders_chargebacks;
