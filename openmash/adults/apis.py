"""Adults' safeguarding enquiries API, under /api/v1/adult-enquiries/ (the front door's API has
no such path: its `AdultEnquiry` is read through the contact). The same gates and services as the
pages.

- `GET adult-enquiries/` (`?mine=1`: the caller's own as officer; `?status=open|concluded`)
- `GET adult-enquiries/<id>/`
- `POST adult-enquiries/<id>/outcomes/`: Making Safeguarding Personal
- `POST adult-enquiries/<id>/capacity/`: mental capacity and advocacy
- `POST adult-enquiries/<id>/risk/`: type, source and location of the risk
- `POST adult-enquiries/<id>/conclude/`
- `POST adult-enquiries/<id>/allocate/`: the enquiry officer (and team)
- `POST adult-enquiries/<id>/made-by/`: the council, or an organisation caused to make it
- `POST adult-enquiries/<id>/report/`: that organisation's report received and reviewed
- `POST adult-enquiries/<id>/actions/`: add an action to the safeguarding plan
- `POST adult-enquiries/<id>/actions/<action_id>/done/`: mark a plan action done
- `POST adult-enquiries/<id>/reviews/`: a review of the safeguarding plan
- `POST adult-enquiries/<id>/sar/`: the safeguarding adults review referral flag
- `GET adult-enquiries/providers/`: care providers with their linked enquiries' counts
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.urls import URLPattern, path
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers
from rest_framework.exceptions import NotFound, PermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from openmash.accounts.models import Team, User
from openmash.adults.models import (
    Achieved,
    Capacity,
    CareProvider,
    MadeBy,
    MspAsked,
    ProviderKind,
    RiskLocation,
    RiskOutcome,
    RiskResult,
    RiskSource,
    RiskType,
    SafeguardingEnquiry,
    SupportKind,
)
from openmash.adults.permissions import (
    can_add_provider,
    can_see_adults,
    enquiry_get_for_user,
    providers_visible_to,
)
from openmash.adults.selectors import enquiry_list, flags_of, listed, providers_with_counts
from openmash.adults.services import (
    ConclusionInput,
    enquiry_allocate,
    enquiry_capacity_record,
    enquiry_conclude,
    enquiry_made_by_record,
    enquiry_msp_record,
    enquiry_report_review,
    enquiry_risk_record,
    enquiry_sar_record,
    enquiry_tests_record,
    plan_action_add,
    plan_action_done,
    plan_review_record,
    provider_create,
)
from openmash.api.pagination import Pagination
from openmash.api.schema import PAGE_PARAMETERS, paginated, problem_responses
from openmash.core.access import restriction_allows
from openmash.core.http import AuthenticatedRequest

ERRORS = problem_responses(400, 404, 409)
READ_ERRORS = problem_responses(404)
WRITE_ERRORS = problem_responses(400, 403, 404, 409)
PLAN_ERRORS = problem_responses(400, 403, 404)  # the plan's services take no version


class AdultsOutcomeSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    words = serializers.CharField(help_text="In the adult's own words")
    achieved = serializers.CharField(help_text="fully, partly, not, or empty until concluded")


class AdultsPlanActionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    text = serializers.CharField()
    owner = serializers.CharField()
    due_on = serializers.DateField()
    done_on = serializers.DateField(allow_null=True)


class AdultsPlanReviewSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    held_on = serializers.DateField()
    summary = serializers.CharField()
    next_review_on = serializers.DateField(allow_null=True)


class AdultsEnquirySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    reference = serializers.CharField()
    person_id = serializers.IntegerField()
    enquiry_type = serializers.CharField(help_text="s42 or other")
    has_care_and_support_needs = serializers.BooleanField(allow_null=True)
    experiencing_or_at_risk_of_abuse = serializers.BooleanField(allow_null=True)
    unable_to_protect_self = serializers.BooleanField(allow_null=True)
    status = serializers.CharField()
    team = serializers.CharField(source="team.name", allow_null=True, default=None)
    officer = serializers.CharField(source="officer.full_name", allow_null=True, default=None)
    started_on = serializers.DateField()
    target_date = serializers.DateField()
    made_by = serializers.CharField(help_text="council or caused")
    caused_organisation = serializers.CharField(
        source="caused_organisation.name", allow_null=True, default=None
    )
    report_received_on = serializers.DateField(allow_null=True)
    report_reviewed_at = serializers.DateTimeField(allow_null=True)
    provider_id = serializers.IntegerField(allow_null=True)
    msp_asked = serializers.CharField()
    outcomes = AdultsOutcomeSerializer(many=True, source="outcomes.all")
    capacity = serializers.CharField()
    support_kind = serializers.CharField()
    support_offered = serializers.BooleanField(allow_null=True)
    support_involved = serializers.BooleanField(allow_null=True)
    needs_advocate = serializers.BooleanField(
        help_text="Lacks capacity and no advocate, family member or friend offered"
    )
    risk_types = serializers.ListField(child=serializers.CharField())
    risk_sources = serializers.ListField(child=serializers.CharField())
    risk_location = serializers.CharField()
    risk_outcome = serializers.CharField()
    action_taken = serializers.BooleanField(allow_null=True)
    risk_result = serializers.CharField()
    sar_referred = serializers.BooleanField()
    sar_reason = serializers.CharField()
    actions = AdultsPlanActionSerializer(many=True, source="actions.all")
    reviews = AdultsPlanReviewSerializer(many=True, source="reviews.all")
    concluded_at = serializers.DateTimeField(allow_null=True)
    flags = serializers.SerializerMethodField()

    def get_flags(self, enquiry: SafeguardingEnquiry) -> list[str]:
        return flags_of(enquiry)


class AdultsProviderSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    kind = serializers.CharField()
    cqc_location_id = serializers.CharField()
    enquiry_count = serializers.IntegerField()
    open_count = serializers.IntegerField()


class AdultsMspInputSerializer(serializers.Serializer):
    version = serializers.IntegerField(required=False, allow_null=True, default=None)
    asked = serializers.ChoiceField(choices=MspAsked.choices)
    outcomes = serializers.ListField(
        child=serializers.CharField(), required=False, default=list, help_text="Own words"
    )
    not_asked_reason = serializers.CharField(required=False, allow_blank=True, default="")
    asked_of = serializers.CharField(required=False, allow_blank=True, default="")


class AdultsCapacityInputSerializer(serializers.Serializer):
    version = serializers.IntegerField(required=False, allow_null=True, default=None)
    capacity = serializers.ChoiceField(choices=Capacity.choices)
    support_kind = serializers.ChoiceField(choices=SupportKind.choices)
    support_offered = serializers.BooleanField(required=False, allow_null=True, default=None)
    support_involved = serializers.BooleanField(required=False, allow_null=True, default=None)
    support_name = serializers.CharField(required=False, allow_blank=True, default="")


class AdultsRiskInputSerializer(serializers.Serializer):
    version = serializers.IntegerField(required=False, allow_null=True, default=None)
    types = serializers.ListField(child=serializers.ChoiceField(choices=RiskType.choices))
    sources = serializers.ListField(child=serializers.ChoiceField(choices=RiskSource.choices))
    location = serializers.ChoiceField(choices=RiskLocation.choices)


class AdultsConcludeInputSerializer(serializers.Serializer):
    version = serializers.IntegerField(required=False, allow_null=True, default=None)
    risk_outcome = serializers.ChoiceField(choices=RiskOutcome.choices)
    action_taken = serializers.BooleanField()
    risk_result = serializers.ChoiceField(
        choices=RiskResult.choices, required=False, allow_blank=True, default=""
    )
    achieved = serializers.DictField(
        child=serializers.ChoiceField(choices=Achieved.choices),
        required=False,
        default=dict,
        help_text="Desired outcome id -> fully, partly or not",
    )
    conclusion = serializers.CharField()


class AdultsTestsInputSerializer(serializers.Serializer):
    version = serializers.IntegerField(required=False, allow_null=True, default=None)
    has_care_and_support_needs = serializers.BooleanField(help_text="s42(1)(a)")
    experiencing_or_at_risk_of_abuse = serializers.BooleanField(help_text="s42(1)(b)")
    unable_to_protect_self = serializers.BooleanField(help_text="s42(1)(c)")


class AdultsProviderInputSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=200)
    kind = serializers.ChoiceField(choices=ProviderKind.choices)
    cqc_location_id = serializers.CharField(
        max_length=20, required=False, allow_blank=True, default=""
    )
    address = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")


class AdultsAllocateInputSerializer(serializers.Serializer):
    version = serializers.IntegerField(required=False, allow_null=True, default=None)
    officer = serializers.PrimaryKeyRelatedField(
        queryset=User.objects.filter(is_active=True), help_text="The enquiry officer's user id"
    )
    team = serializers.PrimaryKeyRelatedField(
        queryset=Team.objects.filter(is_active=True),
        required=False,
        allow_null=True,
        default=None,
        help_text="The holding team's id (unchanged when left out)",
    )


@extend_schema_field(OpenApiTypes.INT)
class AdultsProviderField(serializers.PrimaryKeyRelatedField):
    """A care provider's id, from those the caller may see (the gate's own list)."""

    def get_queryset(self) -> QuerySet[CareProvider]:
        return providers_visible_to(self.context["request"].user)


class AdultsMadeByInputSerializer(serializers.Serializer):
    version = serializers.IntegerField(required=False, allow_null=True, default=None)
    made_by = serializers.ChoiceField(choices=MadeBy.choices)
    organisation = AdultsProviderField(
        required=False,
        allow_null=True,
        default=None,
        help_text="The organisation caused to make the enquiry (required when `caused`)",
    )
    report_due_on = serializers.DateField(required=False, allow_null=True, default=None)
    provider = AdultsProviderField(
        required=False,
        allow_null=True,
        default=None,
        help_text="The provider the concern is about: links the adults' enquiries about it",
    )


class AdultsReportInputSerializer(serializers.Serializer):
    version = serializers.IntegerField(required=False, allow_null=True, default=None)
    received_on = serializers.DateField()
    review = serializers.CharField(help_text="What the council's review of the report found")


class AdultsPlanActionInputSerializer(serializers.Serializer):
    text = serializers.CharField(max_length=500)
    owner = serializers.CharField(max_length=200, help_text="Who will do it")
    due_on = serializers.DateField()


class AdultsPlanActionDoneInputSerializer(serializers.Serializer):
    done_on = serializers.DateField(
        required=False, allow_null=True, default=None, help_text="Today when left out"
    )


class AdultsPlanReviewInputSerializer(serializers.Serializer):
    held_on = serializers.DateField()
    summary = serializers.CharField()
    next_review_on = serializers.DateField(required=False, allow_null=True, default=None)


class AdultsSarInputSerializer(serializers.Serializer):
    referred = serializers.BooleanField()
    reason = serializers.CharField(
        required=False, allow_blank=True, default="", help_text="Required when referred"
    )


def _valid(serializer_class: type[serializers.Serializer], request: Request) -> dict[str, Any]:
    given = serializer_class(data=request.data, context={"request": request})
    given.is_valid(raise_exception=True)
    return dict(given.validated_data)


def _detail(user: Any, enquiry_id: int, status: int = 200) -> Response:
    enquiry = enquiry_list(user).get(pk=enquiry_id)
    return Response(AdultsEnquirySerializer(enquiry).data, status=status)


class AdultEnquiryListApi(APIView):
    """Enquiries the caller may see, the nearest target first. An adult restricted for the caller
    is left out of the list (open it by id to ask for break-glass)."""

    @extend_schema(
        operation_id="adult_enquiries_list",
        parameters=[*PAGE_PARAMETERS],
        responses={200: paginated(AdultsEnquirySerializer), **READ_ERRORS},
    )
    def get(self, request: AuthenticatedRequest) -> Response:
        if not can_see_adults(request.user):
            raise PermissionDenied("Only council staff and quality leads can see enquiries.")
        found = enquiry_list(request.user).order_by("target_date", "pk")
        if request.query_params.get("mine") in ("1", "true"):
            found = found.filter(officer=request.user)
        status = request.query_params.get("status")
        if status in ("open", "concluded"):
            found = found.filter(status=status)
        paginator = Pagination()
        page = paginator.paginate_queryset(found, request, view=self) or []
        shown = [e for e in page if restriction_allows(request.user, e.person)]
        listed(request.user, shown, "adult enquiries api")
        return paginator.get_paginated_response(AdultsEnquirySerializer(shown, many=True).data)


class AdultEnquiryDetailApi(APIView):
    @extend_schema(
        operation_id="adult_enquiries_retrieve",
        responses={200: AdultsEnquirySerializer, **READ_ERRORS},
    )
    def get(self, request: AuthenticatedRequest, enquiry_id: int) -> Response:
        enquiry = enquiry_get_for_user(request.user, enquiry_id)
        return _detail(request.user, enquiry.pk)


class AdultEnquiryMspApi(APIView):
    @extend_schema(
        operation_id="adult_enquiries_outcomes",
        request=AdultsMspInputSerializer,
        responses={200: AdultsEnquirySerializer, **ERRORS},
    )
    def post(self, request: AuthenticatedRequest, enquiry_id: int) -> Response:
        enquiry = enquiry_get_for_user(request.user, enquiry_id, for_change=True)
        data = _valid(AdultsMspInputSerializer, request)
        enquiry_msp_record(
            enquiry=enquiry,
            actor=request.user,
            asked=data["asked"],
            outcomes=data["outcomes"],
            not_asked_reason=data["not_asked_reason"],
            asked_of=data["asked_of"],
            expected_version=data["version"],
        )
        return _detail(request.user, enquiry.pk)


class AdultEnquiryCapacityApi(APIView):
    @extend_schema(
        operation_id="adult_enquiries_capacity",
        request=AdultsCapacityInputSerializer,
        responses={200: AdultsEnquirySerializer, **ERRORS},
    )
    def post(self, request: AuthenticatedRequest, enquiry_id: int) -> Response:
        enquiry = enquiry_get_for_user(request.user, enquiry_id, for_change=True)
        data = _valid(AdultsCapacityInputSerializer, request)
        enquiry_capacity_record(
            enquiry=enquiry,
            actor=request.user,
            capacity=data["capacity"],
            support_kind=data["support_kind"],
            support_offered=data["support_offered"],
            support_involved=data["support_involved"],
            support_name=data["support_name"],
            expected_version=data["version"],
        )
        return _detail(request.user, enquiry.pk)


class AdultEnquiryRiskApi(APIView):
    @extend_schema(
        operation_id="adult_enquiries_risk",
        request=AdultsRiskInputSerializer,
        responses={200: AdultsEnquirySerializer, **ERRORS},
    )
    def post(self, request: AuthenticatedRequest, enquiry_id: int) -> Response:
        enquiry = enquiry_get_for_user(request.user, enquiry_id, for_change=True)
        data = _valid(AdultsRiskInputSerializer, request)
        enquiry_risk_record(
            enquiry=enquiry,
            actor=request.user,
            types=data["types"],
            sources=data["sources"],
            location=data["location"],
            expected_version=data["version"],
        )
        return _detail(request.user, enquiry.pk)


class AdultEnquiryConcludeApi(APIView):
    @extend_schema(
        operation_id="adult_enquiries_conclude",
        request=AdultsConcludeInputSerializer,
        responses={200: AdultsEnquirySerializer, **ERRORS},
    )
    def post(self, request: AuthenticatedRequest, enquiry_id: int) -> Response:
        enquiry = enquiry_get_for_user(request.user, enquiry_id, for_change=True)
        data = _valid(AdultsConcludeInputSerializer, request)
        achieved: dict[int, str] = {}
        for key, value in data["achieved"].items():
            if str(key).isdigit():
                achieved[int(key)] = value
        enquiry_conclude(
            enquiry=enquiry,
            actor=request.user,
            data=ConclusionInput(
                risk_outcome=data["risk_outcome"],
                action_taken=data["action_taken"],
                risk_result=data["risk_result"],
                achieved=achieved,
                conclusion=data["conclusion"],
            ),
            expected_version=data["version"],
        )
        return _detail(request.user, enquiry.pk)


class AdultEnquiryAllocateApi(APIView):
    @extend_schema(
        operation_id="adult_enquiries_allocate",
        request=AdultsAllocateInputSerializer,
        responses={200: AdultsEnquirySerializer, **WRITE_ERRORS},
    )
    def post(self, request: AuthenticatedRequest, enquiry_id: int) -> Response:
        enquiry = enquiry_get_for_user(request.user, enquiry_id, for_change=True)
        data = _valid(AdultsAllocateInputSerializer, request)
        enquiry_allocate(
            enquiry=enquiry,
            actor=request.user,
            officer=data["officer"],
            team=data["team"],
            expected_version=data["version"],
        )
        return _detail(request.user, enquiry.pk)


class AdultEnquiryTestsApi(APIView):
    """The three s42(1) tests: all three met makes it a section 42 enquiry, any one not met an
    "other" safeguarding enquiry (the page's service)."""

    @extend_schema(
        operation_id="adult_enquiries_tests",
        request=AdultsTestsInputSerializer,
        responses={200: AdultsEnquirySerializer, **WRITE_ERRORS},
    )
    def post(self, request: AuthenticatedRequest, enquiry_id: int) -> Response:
        enquiry = enquiry_get_for_user(request.user, enquiry_id, for_change=True)
        data = _valid(AdultsTestsInputSerializer, request)
        enquiry_tests_record(
            enquiry=enquiry,
            actor=request.user,
            has_care_and_support_needs=data["has_care_and_support_needs"],
            experiencing_or_at_risk_of_abuse=data["experiencing_or_at_risk_of_abuse"],
            unable_to_protect_self=data["unable_to_protect_self"],
            expected_version=data["version"],
        )
        return _detail(request.user, enquiry.pk)


class AdultEnquiryMadeByApi(APIView):
    @extend_schema(
        operation_id="adult_enquiries_made_by",
        request=AdultsMadeByInputSerializer,
        responses={200: AdultsEnquirySerializer, **WRITE_ERRORS},
    )
    def post(self, request: AuthenticatedRequest, enquiry_id: int) -> Response:
        enquiry = enquiry_get_for_user(request.user, enquiry_id, for_change=True)
        data = _valid(AdultsMadeByInputSerializer, request)
        enquiry_made_by_record(
            enquiry=enquiry,
            actor=request.user,
            made_by=data["made_by"],
            organisation=data["organisation"],
            report_due_on=data["report_due_on"],
            provider=data["provider"],
            expected_version=data["version"],
        )
        return _detail(request.user, enquiry.pk)


class AdultEnquiryReportApi(APIView):
    @extend_schema(
        operation_id="adult_enquiries_report",
        request=AdultsReportInputSerializer,
        responses={200: AdultsEnquirySerializer, **WRITE_ERRORS},
    )
    def post(self, request: AuthenticatedRequest, enquiry_id: int) -> Response:
        enquiry = enquiry_get_for_user(request.user, enquiry_id, for_change=True)
        data = _valid(AdultsReportInputSerializer, request)
        enquiry_report_review(
            enquiry=enquiry,
            actor=request.user,
            received_on=data["received_on"],
            review=data["review"],
            expected_version=data["version"],
        )
        return _detail(request.user, enquiry.pk)


class AdultEnquiryActionAddApi(APIView):
    @extend_schema(
        operation_id="adult_enquiries_actions_create",
        request=AdultsPlanActionInputSerializer,
        responses={201: AdultsEnquirySerializer, **PLAN_ERRORS},
    )
    def post(self, request: AuthenticatedRequest, enquiry_id: int) -> Response:
        enquiry = enquiry_get_for_user(request.user, enquiry_id, for_change=True)
        data = _valid(AdultsPlanActionInputSerializer, request)
        plan_action_add(
            enquiry=enquiry,
            actor=request.user,
            text=data["text"],
            owner=data["owner"],
            due_on=data["due_on"],
        )
        return _detail(request.user, enquiry.pk, status=201)


class AdultEnquiryActionDoneApi(APIView):
    @extend_schema(
        operation_id="adult_enquiries_actions_done",
        request=AdultsPlanActionDoneInputSerializer,
        responses={200: AdultsEnquirySerializer, **PLAN_ERRORS},
    )
    def post(self, request: AuthenticatedRequest, enquiry_id: int, plan_action_id: int) -> Response:
        enquiry = enquiry_get_for_user(request.user, enquiry_id, for_change=True)
        if not enquiry.actions.filter(pk=plan_action_id).exists():
            raise NotFound("No such action in this plan")
        data = _valid(AdultsPlanActionDoneInputSerializer, request)
        plan_action_done(
            enquiry=enquiry,
            actor=request.user,
            action_id=plan_action_id,
            done_on=data["done_on"] or timezone.localdate(),
        )
        return _detail(request.user, enquiry.pk)


class AdultEnquiryReviewAddApi(APIView):
    @extend_schema(
        operation_id="adult_enquiries_reviews_create",
        request=AdultsPlanReviewInputSerializer,
        responses={201: AdultsEnquirySerializer, **PLAN_ERRORS},
    )
    def post(self, request: AuthenticatedRequest, enquiry_id: int) -> Response:
        enquiry = enquiry_get_for_user(request.user, enquiry_id, for_change=True)
        data = _valid(AdultsPlanReviewInputSerializer, request)
        plan_review_record(
            enquiry=enquiry,
            actor=request.user,
            held_on=data["held_on"],
            summary=data["summary"],
            next_review_on=data["next_review_on"],
        )
        return _detail(request.user, enquiry.pk, status=201)


class AdultEnquirySarApi(APIView):
    @extend_schema(
        operation_id="adult_enquiries_sar",
        request=AdultsSarInputSerializer,
        responses={200: AdultsEnquirySerializer, **PLAN_ERRORS},
    )
    def post(self, request: AuthenticatedRequest, enquiry_id: int) -> Response:
        enquiry = enquiry_get_for_user(request.user, enquiry_id, for_change=True)
        data = _valid(AdultsSarInputSerializer, request)
        enquiry_sar_record(
            enquiry=enquiry, actor=request.user, referred=data["referred"], reason=data["reason"]
        )
        return _detail(request.user, enquiry.pk)


class AdultProviderListApi(APIView):
    @extend_schema(
        operation_id="adult_enquiries_providers_list",
        parameters=[*PAGE_PARAMETERS],
        responses={200: paginated(AdultsProviderSerializer), **READ_ERRORS},
    )
    def get(self, request: AuthenticatedRequest) -> Response:
        if not can_see_adults(request.user):
            raise PermissionDenied("Only council staff and quality leads can see providers.")
        paginator = Pagination()
        found = providers_with_counts(request.user).order_by("name", "pk")
        page = paginator.paginate_queryset(found, request, view=self) or []
        return paginator.get_paginated_response(AdultsProviderSerializer(page, many=True).data)


class AdultProviderCreateApi(APIView):
    """Add a care provider to the list (the page's service: a name already listed is refused)."""

    @extend_schema(
        operation_id="adult_enquiries_providers_create",
        request=AdultsProviderInputSerializer,
        responses={201: AdultsProviderSerializer, **problem_responses(400, 403)},
    )
    def post(self, request: AuthenticatedRequest) -> Response:
        if not can_add_provider(request.user):
            raise PermissionDenied("Only council staff who work enquiries can add a provider.")
        data = _valid(AdultsProviderInputSerializer, request)
        provider = provider_create(actor=request.user, **data)
        counted = providers_with_counts(request.user).get(pk=provider.pk)
        return Response(AdultsProviderSerializer(counted).data, status=201)


api_urlpatterns: list[URLPattern] = [
    path("adult-enquiries/", AdultEnquiryListApi.as_view(), name="adult_enquiry_list"),
    path(
        "adult-enquiries/providers/",
        AdultProviderListApi.as_view(),
        name="adult_enquiry_providers",
    ),
    path(
        "adult-enquiries/providers/add/",
        AdultProviderCreateApi.as_view(),
        name="adult_enquiry_provider_add",
    ),
    path(
        "adult-enquiries/<int:enquiry_id>/",
        AdultEnquiryDetailApi.as_view(),
        name="adult_enquiry_detail",
    ),
    path(
        "adult-enquiries/<int:enquiry_id>/outcomes/",
        AdultEnquiryMspApi.as_view(),
        name="adult_enquiry_outcomes",
    ),
    path(
        "adult-enquiries/<int:enquiry_id>/capacity/",
        AdultEnquiryCapacityApi.as_view(),
        name="adult_enquiry_capacity",
    ),
    path(
        "adult-enquiries/<int:enquiry_id>/risk/",
        AdultEnquiryRiskApi.as_view(),
        name="adult_enquiry_risk",
    ),
    path(
        "adult-enquiries/<int:enquiry_id>/conclude/",
        AdultEnquiryConcludeApi.as_view(),
        name="adult_enquiry_conclude",
    ),
    path(
        "adult-enquiries/<int:enquiry_id>/allocate/",
        AdultEnquiryAllocateApi.as_view(),
        name="adult_enquiry_allocate",
    ),
    path(
        "adult-enquiries/<int:enquiry_id>/tests/",
        AdultEnquiryTestsApi.as_view(),
        name="adult_enquiry_tests",
    ),
    path(
        "adult-enquiries/<int:enquiry_id>/made-by/",
        AdultEnquiryMadeByApi.as_view(),
        name="adult_enquiry_made_by",
    ),
    path(
        "adult-enquiries/<int:enquiry_id>/report/",
        AdultEnquiryReportApi.as_view(),
        name="adult_enquiry_report",
    ),
    path(
        "adult-enquiries/<int:enquiry_id>/actions/",
        AdultEnquiryActionAddApi.as_view(),
        name="adult_enquiry_action_add",
    ),
    path(
        "adult-enquiries/<int:enquiry_id>/actions/<int:plan_action_id>/done/",
        AdultEnquiryActionDoneApi.as_view(),
        name="adult_enquiry_action_done",
    ),
    path(
        "adult-enquiries/<int:enquiry_id>/reviews/",
        AdultEnquiryReviewAddApi.as_view(),
        name="adult_enquiry_review_add",
    ),
    path(
        "adult-enquiries/<int:enquiry_id>/sar/",
        AdultEnquirySarApi.as_view(),
        name="adult_enquiry_sar",
    ),
]
