"""Contains all the data models used in inputs/outputs"""

from .accuracy_report import AccuracyReport
from .action_type_0 import ActionType0
from .action_type_1 import ActionType1
from .address import Address
from .address_level import AddressLevel
from .alert_kind import AlertKind
from .alert_list import AlertList
from .alert_status import AlertStatus
from .alert_view import AlertView
from .api_key_view import ApiKeyView
from .approval_rate_report import ApprovalRateReport
from .approval_rate_row import ApprovalRateRow
from .attempt_result import AttemptResult
from .audit_entry_view import AuditEntryView
from .audit_page import AuditPage
from .backtest_report import BacktestReport
from .backtest_report_after import BacktestReportAfter
from .backtest_report_before import BacktestReportBefore
from .backtest_report_transitions import BacktestReportTransitions
from .backtest_request import BacktestRequest
from .card_details import CardDetails
from .change_user_request import ChangeUserRequest
from .changed_order import ChangedOrder
from .collect_request import CollectRequest
from .collect_response import CollectResponse
from .consortium_report import ConsortiumReport
from .create_api_key_request import CreateApiKeyRequest
from .create_fraud_report import CreateFraudReport
from .create_tenant_request import CreateTenantRequest
from .create_user_request import CreateUserRequest
from .create_webhook_request import CreateWebhookRequest
from .created_api_key import CreatedApiKey
from .created_webhook import CreatedWebhook
from .customer import Customer
from .customer_address import CustomerAddress
from .customer_data_settings_view import CustomerDataSettingsView
from .customer_record import CustomerRecord
from .delivery_page import DeliveryPage
from .delivery_view import DeliveryView
from .device import Device
from .device_view import DeviceView
from .dispute_view import DisputeView
from .error_body import ErrorBody
from .error_code import ErrorCode
from .error_detail import ErrorDetail
from .exposure_breakdown import ExposureBreakdown
from .exposure_month import ExposureMonth
from .field_error import FieldError
from .fraud_category import FraudCategory
from .fraud_exposure import FraudExposure
from .fraud_report_page import FraudReportPage
from .fraud_report_view import FraudReportView
from .identifier_kind import IdentifierKind
from .import_summary import ImportSummary
from .item import Item
from .key_mode import KeyMode
from .kind_matches import KindMatches
from .line_error import LineError
from .line_error_code import LineErrorCode
from .list_entry_view import ListEntryView
from .list_name import ListName
from .login_decision import LoginDecision
from .login_event_page import LoginEventPage
from .login_event_view import LoginEventView
from .login_event_view_reasons_item import LoginEventViewReasonsItem
from .login_request import LoginRequest
from .login_response import LoginResponse
from .lookup_request import LookupRequest
from .lookup_response import LookupResponse
from .loss_part import LossPart
from .masked_identifiers import MaskedIdentifiers
from .me import Me
from .negative_match import NegativeMatch
from .new_entries import NewEntries
from .new_warninglist_entry import NewWarninglistEntry
from .open_dispute_request import OpenDisputeRequest
from .order_assessment import OrderAssessment
from .order_decision import OrderDecision
from .order_detail import OrderDetail
from .order_detail_signals import OrderDetailSignals
from .order_event_view import OrderEventView
from .order_event_view_details import OrderEventViewDetails
from .order_page import OrderPage
from .order_view import OrderView
from .order_view_summary import OrderViewSummary
from .outcome_request import OutcomeRequest
from .outcome_response import OutcomeResponse
from .outcome_type import OutcomeType
from .overview import Overview
from .participation import Participation
from .payment_attempt_page import PaymentAttemptPage
from .payment_attempt_request import PaymentAttemptRequest
from .payment_attempt_response import PaymentAttemptResponse
from .payment_attempt_view import PaymentAttemptView
from .payment_attempt_view_reasons_item import PaymentAttemptViewReasonsItem
from .payment_decision import PaymentDecision
from .policy_change import PolicyChange
from .policy_view import PolicyView
from .rate_limit_request import RateLimitRequest
from .rate_limit_view import RateLimitView
from .raw_address import RawAddress
from .raw_identifiers import RawIdentifiers
from .reason import Reason
from .reason_code import ReasonCode
from .reference_list import ReferenceList
from .related_link import RelatedLink
from .related_node import RelatedNode
from .related_orders import RelatedOrders
from .resolution import Resolution
from .review_decision import ReviewDecision
from .review_queue import ReviewQueue
from .review_request import ReviewRequest
from .review_response import ReviewResponse
from .reviewer_workload import ReviewerWorkload
from .role import Role
from .rule import Rule
from .rule_hit import RuleHit
from .rule_hits import RuleHits
from .rule_mode import RuleMode
from .rule_when import RuleWhen
from .score_login_request import ScoreLoginRequest
from .score_login_response import ScoreLoginResponse
from .score_order_request import ScoreOrderRequest
from .screen import Screen
from .shadow_hits_report import ShadowHitsReport
from .signal_spec import SignalSpec
from .signal_type import SignalType
from .source_kind import SourceKind
from .status import Status
from .tag_key_view import TagKeyView
from .tenant_page import TenantPage
from .tenant_row import TenantRow
from .tenant_view import TenantView
from .test_event_sent import TestEventSent
from .three_ds import ThreeDs
from .three_ds_recommendation import ThreeDsRecommendation
from .three_ds_status import ThreeDsStatus
from .threshold_change import ThresholdChange
from .today_decisions import TodayDecisions
from .undo_response import UndoResponse
from .user_view import UserView
from .warning_level import WarningLevel
from .warninglist import Warninglist
from .warninglist_entry_view import WarninglistEntryView
from .warninglist_range_view import WarninglistRangeView
from .warninglist_value_view import WarninglistValueView
from .webhook_view import WebhookView
from .workload_report import WorkloadReport

__all__ = (
    "AccuracyReport",
    "ActionType0",
    "ActionType1",
    "Address",
    "AddressLevel",
    "AlertKind",
    "AlertList",
    "AlertStatus",
    "AlertView",
    "ApiKeyView",
    "ApprovalRateReport",
    "ApprovalRateRow",
    "AttemptResult",
    "AuditEntryView",
    "AuditPage",
    "BacktestReport",
    "BacktestReportAfter",
    "BacktestReportBefore",
    "BacktestReportTransitions",
    "BacktestRequest",
    "CardDetails",
    "ChangedOrder",
    "ChangeUserRequest",
    "CollectRequest",
    "CollectResponse",
    "ConsortiumReport",
    "CreateApiKeyRequest",
    "CreatedApiKey",
    "CreatedWebhook",
    "CreateFraudReport",
    "CreateTenantRequest",
    "CreateUserRequest",
    "CreateWebhookRequest",
    "Customer",
    "CustomerAddress",
    "CustomerDataSettingsView",
    "CustomerRecord",
    "DeliveryPage",
    "DeliveryView",
    "Device",
    "DeviceView",
    "DisputeView",
    "ErrorBody",
    "ErrorCode",
    "ErrorDetail",
    "ExposureBreakdown",
    "ExposureMonth",
    "FieldError",
    "FraudCategory",
    "FraudExposure",
    "FraudReportPage",
    "FraudReportView",
    "IdentifierKind",
    "ImportSummary",
    "Item",
    "KeyMode",
    "KindMatches",
    "LineError",
    "LineErrorCode",
    "ListEntryView",
    "ListName",
    "LoginDecision",
    "LoginEventPage",
    "LoginEventView",
    "LoginEventViewReasonsItem",
    "LoginRequest",
    "LoginResponse",
    "LookupRequest",
    "LookupResponse",
    "LossPart",
    "MaskedIdentifiers",
    "Me",
    "NegativeMatch",
    "NewEntries",
    "NewWarninglistEntry",
    "OpenDisputeRequest",
    "OrderAssessment",
    "OrderDecision",
    "OrderDetail",
    "OrderDetailSignals",
    "OrderEventView",
    "OrderEventViewDetails",
    "OrderPage",
    "OrderView",
    "OrderViewSummary",
    "OutcomeRequest",
    "OutcomeResponse",
    "OutcomeType",
    "Overview",
    "Participation",
    "PaymentAttemptPage",
    "PaymentAttemptRequest",
    "PaymentAttemptResponse",
    "PaymentAttemptView",
    "PaymentAttemptViewReasonsItem",
    "PaymentDecision",
    "PolicyChange",
    "PolicyView",
    "RateLimitRequest",
    "RateLimitView",
    "RawAddress",
    "RawIdentifiers",
    "Reason",
    "ReasonCode",
    "ReferenceList",
    "RelatedLink",
    "RelatedNode",
    "RelatedOrders",
    "Resolution",
    "ReviewDecision",
    "ReviewerWorkload",
    "ReviewQueue",
    "ReviewRequest",
    "ReviewResponse",
    "Role",
    "Rule",
    "RuleHit",
    "RuleHits",
    "RuleMode",
    "RuleWhen",
    "ScoreLoginRequest",
    "ScoreLoginResponse",
    "ScoreOrderRequest",
    "Screen",
    "ShadowHitsReport",
    "SignalSpec",
    "SignalType",
    "SourceKind",
    "Status",
    "TagKeyView",
    "TenantPage",
    "TenantRow",
    "TenantView",
    "TestEventSent",
    "ThreeDs",
    "ThreeDsRecommendation",
    "ThreeDsStatus",
    "ThresholdChange",
    "TodayDecisions",
    "UndoResponse",
    "UserView",
    "WarningLevel",
    "Warninglist",
    "WarninglistEntryView",
    "WarninglistRangeView",
    "WarninglistValueView",
    "WebhookView",
    "WorkloadReport",
)
