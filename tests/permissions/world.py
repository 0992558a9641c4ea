"""A small world for the permission matrix: two departments, six roles, and one object of every
kind a route can name — the objects a route names are the official's own where they have one.

``build_world()`` writes it (inside whatever transaction the caller holds); ``World.url(route)``
fills a route's parameters from it, so every route of the URL conf is visited with a real object.
"""

import io
from dataclasses import dataclass, field
from decimal import Decimal
from fnmatch import fnmatchcase
from pathlib import Path

from django.conf import settings
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from django.test import Client
from django.utils import timezone

from tests.factories import DepartmentFactory, UserFactory

#: the roles of the matrix, in the order tables are written
ROLES = ("anonymous", "official", "other_official", "other_lead", "trainer", "administrator")


@dataclass
class World:
    users: dict  # role → user (no entry for "anonymous")
    objects: dict  # what the world holds, by name
    params: dict  # URL parameter name → value, for every route
    route_params: dict = field(default_factory=dict)  # route-name pattern → {param: value}
    urls: dict = field(default_factory=dict)  # route name → a whole URL (regex routes)
    #: "route@case" → (route name, {param: value}, or a whole URL): the same route visited
    #: again with another object (a draft where the route is filled with a live page)
    variants: dict = field(default_factory=dict)

    def values_for(self, route) -> dict:
        values = dict(self.params)
        for pattern, extra in self.route_params.items():
            if fnmatchcase(route.name, pattern):
                values.update(extra)
        return values

    def url(self, route) -> str:
        variant = self.variants.get(route.name)
        if variant is not None:
            if isinstance(variant[1], str):
                return variant[1]
            return route.url(**{**self.values_for(route), **variant[1]})
        if route.name in self.urls:
            return self.urls[route.name]
        return route.url(**self.values_for(route))

    def client(self, role) -> Client:
        """A client signed in as ``role``. ``build_world`` signs every role in, so that the
        sessions live in the world's transaction and outlive every test's rollback."""
        clients = self.objects.setdefault("_clients", {})
        if role not in clients:
            client = Client(raise_request_exception=False)
            if role != "anonymous":
                client.force_login(self.users[role])
            clients[role] = client
        return clients[role]


def _png() -> bytes:
    from PIL import Image as PILImage

    buffer = io.BytesIO()
    PILImage.new("RGB", (8, 8), "red").save(buffer, "PNG")
    return buffer.getvalue()


def build_world() -> World:  # noqa: PLR0915 — one object after another, in order
    from axes.models import AccessAttempt
    from wagtail.contrib.redirects.models import Redirect
    from wagtail.documents.models import Document
    from wagtail.images.models import Image
    from wagtail.models import Collection, Site, Task, Workflow

    from accounts.roles import ROLES as ROLE_DEFS
    from case_library.models import FindingDismissal
    from jobs.models import Job
    from jobs.registry import JOB_KINDS
    from quizzes.models import Answer, QuizQuestion
    from quizzes.services import answer_save, attempt_start, attempt_submit
    from records.models import StudyRecordKind
    from records.services import offline_training_add, study_record_add, study_record_reverse
    from reports.models import StudyTarget
    from tests.case_library.factories import domain, make_case
    from tests.courses.factories import import_demo_regulation, make_course, make_lesson
    from tests.quizzes.factories import QuestionBankFactory, QuestionFactory, essay, make_quiz
    from tests.study_sessions.factories import make_session

    now = timezone.now()
    year = timezone.localdate().year

    dept_a = DepartmentFactory(name="矩阵甲科", code="matrix-a")
    dept_a_sub = DepartmentFactory(name="矩阵甲科一组", code="matrix-a-1", parent=dept_a)
    dept_b = DepartmentFactory(name="矩阵乙科", code="matrix-b")
    users = {
        "official": UserFactory(username="m_official", name="矩阵学员", department=dept_a),
        "other_official": UserFactory(username="m_other", name="矩阵同事", department=dept_a),
        "other_lead": UserFactory(
            username="m_lead_b", name="乙科负责人", role="lead", department=dept_b
        ),
        "trainer": UserFactory(username="m_trainer", role="trainer", department=dept_a),
        "administrator": UserFactory(username="m_admin", role="administrator", department=dept_a),
    }
    official = users["official"]
    trainer = users["trainer"]

    # Content: a regulation with articles, a course with a live and a draft lesson, cases.
    regulation = import_demo_regulation().regulation
    article = regulation.articles.order_by("number").first()
    course = make_course("矩阵课程")
    lesson = make_lesson(course, "矩阵第一讲")
    draft_lesson = make_lesson(course, "矩阵草稿讲", live=False)
    case_domain = domain("矩阵领域")
    case = make_case("矩阵案例", domain=case_domain)
    draft_case = make_case("矩阵草稿案例", live=False)
    chapter = regulation.divisions.order_by("pk").first()

    # Quizzes: an exam with an essay (for the marking queue) and a practice.
    bank = QuestionBankFactory(name="矩阵题库")
    question = QuestionFactory(bank=bank)
    essay_question = essay(bank=bank)
    exam = make_quiz(title="矩阵考试", mode="exam", questions=[question, essay_question])
    practice = make_quiz(title="矩阵练习", mode="practice", questions=[question])
    assert QuizQuestion.objects.filter(quiz=exam).count() == 2
    submitted = attempt_start(quiz=exam, user=official, now=now)
    for aq in submitted.paper.select_related("question"):
        response = "B" if aq.question.question_type == "single" else "依法处理。"
        answer_save(
            attempt_id=submitted.pk,
            user=official,
            attempt_question_id=aq.pk,
            response=response,
            now=now,
        )
    submitted = attempt_submit(attempt=submitted, now=now)
    essay_answer = Answer.objects.get(attempt=submitted, attempt_question__question=essay_question)
    running = attempt_start(quiz=practice, user=official, now=now)

    # The ledger: a case studied, an offline training, and a record a trainer reversed.
    case_record = study_record_add(
        user=official,
        kind=StudyRecordKind.CASE_REVIEWED,
        source=case.source_key,
        title=case.title,
        credit_hours=Decimal("0.5"),
        occurred_at=now,
    )
    (offline,) = offline_training_add(
        users=[official],
        title="矩阵线下培训",
        credit_hours=Decimal("2"),
        occurred_at=now,
        actor=trainer,
        batch_key="matrix",
    )
    reversal = study_record_reverse(record=offline, reason="矩阵：录入有误", actor=trainer, now=now)

    session = make_session(
        organiser=trainer,
        department=dept_a,
        invited_people=[official],
        credit_hours=1,
    )
    target = StudyTarget.objects.create(year=year, credit_hours=Decimal("40"))
    job = Job.objects.create(
        kind=next(iter(JOB_KINDS), "matrix"),
        title="矩阵任务",
        owner=official,
        status=Job.Status.SUCCEEDED,
        result_name="矩阵.xlsx",
        result_path="matrix/result.xlsx",
    )
    job_file = Path(settings.XUEFA_JOB_FILES_ROOT) / job.result_path
    job_file.parent.mkdir(parents=True, exist_ok=True)
    job_file.write_bytes(b"PK matrix")
    dismissal = FindingDismissal.objects.create(
        page=case, kind="name", text="矩阵", dismissed_by=trainer, dismissed_at=now
    )
    lockout = AccessAttempt.objects.create(
        username="m_locked",
        ip_address="10.0.0.9",
        user_agent="matrix",
        failures_since_start=3,
        attempt_time=now,
    )
    collection = Collection.get_first_root_node().add_child(name="矩阵集合")
    document = Document.objects.create(
        title="矩阵文档", file=ContentFile(b"matrix", name="matrix.txt"), collection=collection
    )
    image = Image.objects.create(
        title="矩阵图片", file=ImageFile(io.BytesIO(_png()), name="matrix.png"), width=8, height=8
    )
    redirect = Redirect.objects.create(old_path="/matrix-old", redirect_link="/")
    workflow = Workflow.objects.first()
    task = Task.objects.first()
    site = Site.objects.get(is_default_site=True)
    group = Group.objects.get(name=ROLE_DEFS["official"].group_name)
    revision = lesson.latest_revision or lesson.save_revision()

    objects = {
        "departments": (dept_a, dept_a_sub, dept_b),
        "regulation": regulation,
        "article": article,
        "course": course,
        "lesson": lesson,
        "draft_lesson": draft_lesson,
        "case": case,
        "draft_case": draft_case,
        "bank": bank,
        "question": question,
        "exam": exam,
        "practice": practice,
        "submitted": submitted,
        "running": running,
        "case_record": case_record,
        "offline": offline,
        "reversal": reversal,
        "session": session,
        "job": job,
    }
    params = {
        # ours
        "pk": official.pk,
        "year": year,
        "fmt": "xlsx",
        "code": dept_a.code,
        "slug": regulation.slug,
        "number": article.number,
        "quiz_id": exam.pk,
        "attempt_id": submitted.pk,
        "page_id": case.pk,
        "job_id": job.pk,
        "bank_id": bank.pk,
        "answer_id": essay_answer.pk,
        # Wagtail's
        "parent_page_id": course.pk,
        "content_type_app_name": "courses",
        "content_type_model_name": "lessonpage",
        "app_label": "courses",
        "model_name": "lessonpage",
        "page_to_move_id": lesson.pk,
        "destination_id": course.pk,
        "revision_id": revision.pk,
        "action_name": "approve",
        "task_state_id": 1,
        "task_id": task.pk if task else 1,
        "workflow_state_id": 1,
        "page_pk": lesson.pk,
        "workflow_pk": workflow.pk if workflow else 1,
        "object_id": lesson.pk,
        "session_id": 1,
        "collection_id": collection.pk,
        "redirect_id": redirect.pk,
        "document_id": document.pk,
        "doc_id": document.pk,
        "uploaded_file_id": 1,
        "image_id": image.pk,
        "filter_spec": "original",
        "uidb64": "MQ",
        "token": "x-x",
        "restriction_id": 1,
        "page_view_restriction_id": 1,
        "app_name": "taggit",
    }
    route_params = {
        # the official's own running attempt where a route acts on one in progress
        "quizzes:attempt": {"attempt_id": running.pk},
        "quizzes:attempt_submit": {"attempt_id": running.pk},
        "quizzes:api_answer": {"attempt_id": running.pk},
        "quizzes:api_leave": {"attempt_id": running.pk},
        "quizzes:api_submit": {"attempt_id": running.pk},
        "quizzes:quiz": {"quiz_id": exam.pk},
        "study_sessions:*": {"pk": session.pk},
        "study_sessions:present_lesson": {"pk": lesson.pk},
        "study_sessions:present_case": {"pk": case.pk},
        "study_sessions:present_chapter": {"pk": chapter.pk if chapter else 1},
        "records_admin:correct": {"pk": case_record.pk},
        "records_admin:restore": {"pk": offline.pk},
        "courses_admin:regulation_articles": {"pk": regulation.pk},
        "wagtailadmin_pages:*": {"page_id": lesson.pk},
        "wagtailadmin_api:pages:*": {"pk": lesson.pk, "action_name": "copy"},
        "wagtailadmin_api:documents:*": {"pk": document.pk},
        "wagtailadmin_api:images:*": {"pk": image.pk},
        "wagtail_bulk_action": {
            "app_label": "wagtailcore",
            "model_name": "page",
            "action": "delete",
        },
        "wagtailadmin_tag_model_autocomplete": {"app_name": "taggit", "model_name": "tag"},
        "wagtailadmin_editing_sessions:*": {"app_label": "wagtailcore", "model_name": "page"},
        "wagtailadmin_collections:*": {"pk": collection.pk},
        "wagtailadmin_workflows:*": {"pk": workflow.pk if workflow else 1},
        "wagtailadmin_workflows:*_task": {"pk": task.pk if task else 1},
        "wagtailadmin_workflows:add_task": {"app_label": "wagtailcore", "model_name": "grouptask"},
        "wagtailsettings:*": {"app_name": "wagtailcore", "model_name": "site", "pk": site.pk},
        "wagtailforms:*": {"page_id": lesson.pk},
        "wagtailsnippets_courses_regulation:*": {"pk": regulation.pk},
        "wagtailsnippetchoosers_courses_regulation:*": {"pk": regulation.pk},
        "wagtailsnippets_case_library_casedomain:*": {"pk": case_domain.pk},
        "wagtailsnippetchoosers_case_library_casedomain:*": {"pk": case_domain.pk},
        "departments:*": {"pk": dept_a_sub.pk},
        "lockouts:*": {"pk": lockout.pk},
        "study_targets:*": {"pk": target.pk},
        "questions:*": {"pk": question.pk},
        "question_banks:*": {"pk": bank.pk},
        "case_false_positives:*": {"pk": dismissal.pk},
        "case_library_admin:*": {"page_id": draft_case.pk},
        "wagtailsites:*": {"pk": site.pk},
        "wagtailusers_users:*": {"pk": official.pk},
        "wagtailusers_groups:*": {"pk": group.pk},
        "wagtaildocs_chooser:*": {"pk": document.pk},
        "wagtailimages_chooser:*": {"pk": image.pk},
    }
    urls = {
        "wagtail_serve": lesson.url,
        "wagtaildocs_serve": f"/documents/{document.pk}/{document.filename}",
        "wagtailadmin_pages:revisions_compare": (
            f"/admin/pages/{lesson.pk}/revisions/compare/earliest...latest/"
        ),
        "admin/.*/": "/admin/no-such-admin-page/",
    }
    variants = {
        "wagtail_serve@draft": ("wagtail_serve", f"{course.url}{draft_lesson.slug}/"),
        "study_sessions:present_lesson@draft": (
            "study_sessions:present_lesson",
            {"pk": draft_lesson.pk},
        ),
        "study_sessions:present_case@draft": ("study_sessions:present_case", {"pk": draft_case.pk}),
        "case_library:studied@draft": ("case_library:studied", {"page_id": draft_case.pk}),
        "wagtailadmin_pages:view_draft@draft": (
            "wagtailadmin_pages:view_draft",
            {"page_id": draft_lesson.pk},
        ),
        "quizzes:api_state@running": ("quizzes:api_state", {"attempt_id": running.pk}),
        "quizzes:attempt_result@running": ("quizzes:attempt_result", {"attempt_id": running.pk}),
        "reports:department@own_lead": ("reports:department", {"code": dept_b.code}),
    }
    world = World(
        users=users,
        objects=objects,
        params=params,
        route_params=route_params,
        urls=urls,
        variants=variants,
    )
    for role in ROLES:
        world.client(role)  # signed in now, in the world's transaction, not in a test's
    return world
