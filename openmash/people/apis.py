"""The person index over the API: ranked search, a person's record, merge and undo."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from openmash.api.pagination import Pagination
from openmash.api.schema import PAGE_PARAMETERS, paginated, problem_responses
from openmash.core.access import mark_restricted
from openmash.core.http import AuthenticatedRequest
from openmash.people.models import Person, RelationshipKind
from openmash.people.pairs import person_pair_reject
from openmash.people.permissions import (
    can_merge_people,
    can_search_people,
    person_get_for_user,
    person_merge_get_for_user,
    person_pair_get_for_user,
)
from openmash.people.selectors import (
    PairReview,
    PersonSearchCriteria,
    person_pair_pile,
    person_record,
    person_search,
)
from openmash.people.services import person_merge, person_unmerge

if TYPE_CHECKING:
    from openmash.accounts.models import User

SEARCH_FIELDS = ("q", "given_name", "family_name", "nhs_number", "upn", "postcode", "identifier")


class PersonOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    restricted = serializers.SerializerMethodField()
    given_name = serializers.CharField()
    family_name = serializers.CharField()
    date_of_birth = serializers.DateField(allow_null=True)
    is_unborn = serializers.BooleanField()
    expected_delivery_date = serializers.DateField(allow_null=True)
    sex = serializers.CharField()
    nhs_number = serializers.CharField()
    upn = serializers.CharField()
    postcode = serializers.CharField()
    merged_into = serializers.IntegerField(source="merged_into_id", allow_null=True)

    def get_restricted(self, person: Person) -> bool:
        return bool(getattr(person, "is_restricted", False))

    def to_representation(self, person: Person) -> dict[str, object]:
        if getattr(person, "masked", False):
            # A restricted person this user is not named on: only that it exists, and how to ask.
            blank = dict.fromkeys(("given_name", "family_name", "sex", "nhs_number", "upn"), "")
            return {
                "id": person.pk,
                "restricted": True,
                **blank,
                "postcode": "",
                "date_of_birth": None,
                "is_unborn": False,
                "expected_delivery_date": None,
                "merged_into": None,
            }
        return super().to_representation(person)


class PersonSearchResultSerializer(PersonOutputSerializer):
    """A person found by a search, with how likely it is the one searched for, and why."""

    score = serializers.FloatField(help_text="0 to 1: how likely this is the person searched for")
    reasons = serializers.ListField(child=serializers.CharField())

    def to_representation(self, result: Any) -> dict[str, object]:  # a SearchResult
        data = PersonOutputSerializer(context=self.context).to_representation(result.person)
        data["score"] = round(result.score, 3)
        data["reasons"] = [] if result.masked else list(result.reasons)
        return data


class IdentifierSerializer(serializers.Serializer):
    kind = serializers.CharField()
    value = serializers.CharField()
    # DRF's metaclass takes declared fields off the class; only the stubs see a clash with
    # Field.source.
    source = serializers.CharField()  # type: ignore[assignment]


class NameSerializer(serializers.Serializer):
    given_name = serializers.CharField()
    family_name = serializers.CharField()
    kind = serializers.CharField()
    # DRF's metaclass takes declared fields off the class; only the stubs see a clash with
    # Field.source.
    source = serializers.CharField()  # type: ignore[assignment]


class AddressSerializer(serializers.Serializer):
    line1 = serializers.CharField()
    line2 = serializers.CharField()
    town = serializers.CharField()
    postcode = serializers.CharField()
    valid_from = serializers.DateField(allow_null=True)
    valid_to = serializers.DateField(allow_null=True)
    # DRF's metaclass takes declared fields off the class; only the stubs see a clash with
    # Field.source.
    source = serializers.CharField()  # type: ignore[assignment]


class RelationshipSerializer(serializers.Serializer):
    description = serializers.CharField(help_text="As it reads from this person: 'Child of'")
    kind = serializers.ChoiceField(
        choices=RelationshipKind.choices,
        help_text="The stored kind; `parent` reads 'Child of' from the child's end",
    )
    person_id = serializers.IntegerField()
    restricted = serializers.BooleanField()
    name = serializers.CharField()
    # DRF's metaclass takes declared fields off the class; only the stubs see a clash with
    # Field.source.
    source = serializers.CharField()  # type: ignore[assignment]
    contact_id = serializers.IntegerField(
        allow_null=True, help_text="The contact that told us, when a contact did"
    )
    recorded_at = serializers.DateTimeField()


class ContactLinkSerializer(serializers.Serializer):
    contact_id = serializers.IntegerField()
    reference = serializers.CharField()
    received_at = serializers.DateTimeField()
    source_agency = serializers.CharField()
    role = serializers.CharField()


class MergeOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    survivor_id = serializers.IntegerField()
    merged_id = serializers.IntegerField()
    reason = serializers.CharField()
    merged_at = serializers.DateTimeField()
    undone_at = serializers.DateTimeField(allow_null=True)
    undo_reason = serializers.CharField()


class PersonDetailOutputSerializer(serializers.Serializer):
    person = PersonOutputSerializer()
    identifiers = IdentifierSerializer(many=True)
    names = NameSerializer(many=True)
    addresses = AddressSerializer(many=True)
    relationships = RelationshipSerializer(many=True)
    households = serializers.ListField(child=serializers.DictField())
    contacts = ContactLinkSerializer(many=True)
    merges_in = MergeOutputSerializer(many=True)
    merges_out = MergeOutputSerializer(many=True)


def _detail_data(user: User, person: Any) -> dict[str, Any]:
    record = person_record(person)
    related = [row.other for row in record.relationships]
    mark_restricted(user, related)
    return {
        "person": person,
        "identifiers": record.identifiers,
        "names": record.names,
        "addresses": record.addresses,
        "relationships": [
            {
                "description": row.label,
                "kind": row.kind,
                "person_id": row.other.pk,
                "restricted": bool(getattr(row.other, "masked", False)),
                "name": "" if getattr(row.other, "masked", False) else str(row.other),
                "source": row.source,
                "contact_id": row.source_contact_id,
                "recorded_at": row.recorded_at,
            }
            for row in record.relationships
        ],
        "households": [
            {"id": h.pk, "address": str(h), "members": [m.pk for m in h.members.all()]}
            for h in record.households
        ],
        "contacts": [
            {
                "contact_id": link.contact_id,
                "reference": link.contact.reference,
                "received_at": link.contact.received_at,
                "source_agency": link.contact.source_agency.code,
                "role": link.role,
            }
            for link in record.contacts
        ],
        "merges_in": record.merges_in,
        "merges_out": record.merges_out,
    }


class PersonDetailApi(APIView):
    @extend_schema(
        operation_id="persons_retrieve",
        responses={200: PersonDetailOutputSerializer, **problem_responses(404)},
    )
    def get(self, request: AuthenticatedRequest, person_id: int) -> Response:
        person = person_get_for_user(request.user, person_id)
        return Response(PersonDetailOutputSerializer(_detail_data(request.user, person)).data)


class PersonSearchApi(APIView):
    @extend_schema(
        operation_id="persons_search",
        parameters=[
            OpenApiParameter("q", str, description="Free text: names, NHS number, date, postcode"),
            OpenApiParameter("given_name", str),
            OpenApiParameter("family_name", str),
            OpenApiParameter("date_of_birth", str, description="YYYY-MM-DD"),
            OpenApiParameter("nhs_number", str),
            OpenApiParameter("upn", str),
            OpenApiParameter("postcode", str),
            OpenApiParameter("identifier", str, description="A police or council reference"),
            *PAGE_PARAMETERS,
        ],
        responses={200: paginated(PersonSearchResultSerializer), **problem_responses(400, 404)},
    )
    def get(self, request: AuthenticatedRequest) -> Response:
        if not can_search_people(request.user):
            raise PermissionDenied("You cannot search the person index.")
        criteria = _criteria(request)
        if criteria.is_empty():
            raise ValidationError({"q": ["Enter a name, a date of birth or an identifier"]})
        results = person_search(user=request.user, criteria=criteria, limit=200)
        paginator = Pagination()
        page = paginator.paginate_queryset(results, request, view=self) or []
        return paginator.get_paginated_response(PersonSearchResultSerializer(page, many=True).data)


def _criteria(request: Request) -> PersonSearchCriteria:
    values = {name: request.query_params.get(name, "").strip()[:200] for name in SEARCH_FIELDS}
    dob_text = request.query_params.get("date_of_birth", "").strip()
    dob = None
    if dob_text:
        try:
            dob = serializers.DateField().to_internal_value(dob_text)
        except serializers.ValidationError as error:
            raise ValidationError({"date_of_birth": ["Enter a date as YYYY-MM-DD"]}) from error
    return PersonSearchCriteria(date_of_birth=dob, **values)


class PersonMergeInputSerializer(serializers.Serializer):
    other_id = serializers.IntegerField(help_text="The record to merge into this one")
    reason = serializers.CharField()


class PersonMergeApi(APIView):
    @extend_schema(
        operation_id="persons_merge",
        request=PersonMergeInputSerializer,
        responses={201: MergeOutputSerializer, **problem_responses(400, 404)},
    )
    def post(self, request: AuthenticatedRequest, person_id: int) -> Response:
        survivor = person_get_for_user(request.user, person_id)
        if not can_merge_people(request.user):
            raise PermissionDenied("You cannot merge person records.")
        data = PersonMergeInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        merged = person_get_for_user(request.user, data.validated_data["other_id"])
        merge = person_merge(
            actor=request.user,
            survivor=survivor,
            merged=merged,
            reason=data.validated_data["reason"],
        )
        return Response(MergeOutputSerializer(merge).data, status=status.HTTP_201_CREATED)


class ReasonInputSerializer(serializers.Serializer):
    reason = serializers.CharField()


class PersonMergeUndoApi(APIView):
    @extend_schema(
        operation_id="person_merges_undo",
        request=ReasonInputSerializer,
        responses={200: MergeOutputSerializer, **problem_responses(400, 404)},
    )
    def post(self, request: AuthenticatedRequest, merge_id: int) -> Response:
        merge = person_merge_get_for_user(request.user, merge_id)
        if not can_merge_people(request.user):
            raise PermissionDenied("You cannot undo a merge.")
        data = ReasonInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        merge = person_unmerge(
            actor=request.user, merge=merge, reason=data.validated_data["reason"]
        )
        return Response(MergeOutputSerializer(merge).data)


class PairRowSerializer(serializers.Serializer):
    name = serializers.CharField(help_text="The field: Name, Date of birth, Address, ...")
    first = serializers.CharField(help_text="Record `person_id`'s value (dates as YYYY-MM-DD)")
    second = serializers.CharField(help_text="Record `other_id`'s value")
    agreement = serializers.CharField(help_text="How the match model compared them, in words")
    bits = serializers.FloatField(allow_null=True, help_text="The weight it gave, in bits")


class PersonPairSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    person_id = serializers.IntegerField(help_text="The older record, kept if merged")
    other_id = serializers.IntegerField()
    score = serializers.FloatField(help_text="Match probability under the fitted model")
    weight = serializers.FloatField(help_text="Match weight in bits, the prior included")
    informativeness = serializers.FloatField(
        help_text="How much a decision would teach the model (0 to 1); the pile's order"
    )
    rows = PairRowSerializer(many=True)


def _pair_data(review: PairReview) -> dict[str, Any]:
    def text(value: Any) -> str:
        return value.isoformat() if hasattr(value, "isoformat") else str(value or "")

    return {
        "id": review.pair.pk,
        "person_id": review.pair.person_id,
        "other_id": review.pair.other_id,
        "score": review.score,
        "weight": review.weight,
        "informativeness": review.informativeness,
        "rows": [
            {
                "name": row.label,
                "first": text(row.first),
                "second": text(row.second),
                "agreement": row.agreement,
                "bits": row.bits,
            }
            for row in review.rows
        ],
    }


class PersonPairPileApi(APIView):
    @extend_schema(
        operation_id="person_pairs_list",
        parameters=[*PAGE_PARAMETERS],
        responses={200: paginated(PersonPairSerializer), **problem_responses(403, 404)},
    )
    def get(self, request: AuthenticatedRequest) -> Response:
        if not can_merge_people(request.user):
            raise PermissionDenied("You cannot decide on possible duplicates.")
        pile = [_pair_data(r) for r in person_pair_pile(user=request.user, limit=200)]
        paginator = Pagination()
        page = paginator.paginate_queryset(pile, request, view=self) or []
        return paginator.get_paginated_response(PersonPairSerializer(page, many=True).data)


class PairDecisionInputSerializer(serializers.Serializer):
    decision = serializers.ChoiceField(
        choices=["same", "different"],
        help_text="same: merge `other_id` into `person_id`; different: keep them apart",
    )
    reason = serializers.CharField(max_length=2000)


class PairDecisionOutputSerializer(serializers.Serializer):
    decision = serializers.CharField()
    merge_id = serializers.IntegerField(allow_null=True)
    rejection_id = serializers.IntegerField(allow_null=True)


class PersonPairDecisionApi(APIView):
    @extend_schema(
        operation_id="person_pairs_decide",
        request=PairDecisionInputSerializer,
        responses={201: PairDecisionOutputSerializer, **problem_responses(400, 403, 404)},
    )
    def post(self, request: AuthenticatedRequest, pair_id: int) -> Response:
        pair = person_pair_get_for_user(request.user, pair_id)
        if not can_merge_people(request.user):
            raise PermissionDenied("You cannot decide on possible duplicates.")
        data = PairDecisionInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        decision, reason = data.validated_data["decision"], data.validated_data["reason"]
        out: dict[str, Any] = {"decision": decision, "merge_id": None, "rejection_id": None}
        if decision == "same":
            merge = person_merge(
                actor=request.user, survivor=pair.person, merged=pair.other, reason=reason
            )
            out["merge_id"] = merge.pk
        else:
            out["rejection_id"] = person_pair_reject(
                actor=request.user, pair=pair, reason=reason
            ).pk
        return Response(PairDecisionOutputSerializer(out).data, status=status.HTTP_201_CREATED)
