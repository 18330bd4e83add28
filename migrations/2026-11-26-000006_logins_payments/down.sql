DROP TABLE card_testing_alerts;
DROP TABLE payment_attempts;
DROP TABLE login_events;
