DROP INDEX orders_reviewed;
DROP INDEX fraud_reports_exposure;
DROP TABLE fraud_thresholds;
