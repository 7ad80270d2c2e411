"""Steps 5–7 through the API: the same services and reads as the pages (approach.*)."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, status
from rest_framework.response import Response

from approach import plan as plan_services
from approach import reads as approach_reads

from . import serializers_approach as sa
from .idempotency import idempotent
from .views import IDEMPOTENCY, ApiView, _case, with_errors


def _version_data(user, case, version, in_force_number) -> dict:
    content, withheld = approach_reads.plan_for(user, case, version)
    return {
        "number": version.number,
        "reason": version.reason,
        "author": version.author,
        "author_organisation": version.author_organisation,
        "created_at": version.created_at,
        "in_force": version.number == in_force_number,
        "content": content,
        "withheld": {"measures.membership": withheld} if withheld else {},
    }


def _plan_data(user, case) -> dict:
    versions = list(case.approach_plans.select_related("author", "author_organisation").order_by("-number"))
    current = versions[0] if versions else None
    return {
        "case": case.pk,
        "in_force": _version_data(user, case, current, current.number) if current else None,
        "versions": versions,
    }


class PlanView(ApiView):
    @extend_schema(
        tags=["plan van aanpak"],
        summary="Het plan van aanpak: de versie die geldt en de lijst van versies",
        responses=with_errors({200: sa.PlanSerializer}, 404),
    )
    def get(self, request, pk):
        case = _case(request.user, pk)
        return Response(sa.PlanSerializer(_plan_data(request.user, case)).data)

    @extend_schema(
        tags=["plan van aanpak"],
        summary="Nieuwe versie van het plan opslaan (procesregisseur, coördinator; stap 5–6)",
        description="`version` is het nummer waarop u voortbouwt; 409 `stale_version` als iemand "
        "intussen een nieuwere versie opsloeg. Vanaf versie 2 is `reason` verplicht.",
        parameters=[IDEMPOTENCY],
        request=sa.PlanWriteSerializer,
        responses=with_errors({201: sa.PlanVersionSerializer}, 400, 403, 404, 409, 413),
    )
    @idempotent
    def post(self, request, pk):
        user = request.user
        case = _case(user, pk)
        data = self.validated(sa.PlanWriteSerializer)
        version = plan_services.save_plan(
            case,
            actor=user,
            based_on=data["version"],
            content=data["content"],
            reason=data["reason"],
            confirmed_findings=[(f["kind"], f["text"]) for f in data.get("confirmed_findings", [])],
        )
        version = case.approach_plans.select_related("author", "author_organisation").get(pk=version.pk)
        body = sa.PlanVersionSerializer(_version_data(user, case, version, version.number)).data
        return Response(body, status=status.HTTP_201_CREATED)


class PlanVersionView(ApiView):
    @extend_schema(
        tags=["plan van aanpak"],
        operation_id="cases_plan_version_retrieve",
        summary="Eén versie van het plan van aanpak",
        responses=with_errors({200: sa.PlanVersionSerializer}, 404),
    )
    def get(self, request, pk, number):
        case = _case(request.user, pk)
        version = (
            case.approach_plans.select_related("author", "author_organisation").filter(number=number).first()
        )
        if version is None:
            raise exceptions.NotFound()
        latest = case.approach_plans.order_by("-number").values_list("number", flat=True).first()
        return Response(sa.PlanVersionSerializer(_version_data(request.user, case, version, latest)).data)
