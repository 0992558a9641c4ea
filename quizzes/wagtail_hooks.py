from django.urls import include, path, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin import messages
from wagtail.admin.menu import Menu
from wagtail.admin.ui.tables import BooleanColumn
from wagtail.admin.views.generic import EditView
from wagtail.admin.viewsets.model import ModelViewSet, ModelViewSetGroup

from accounts.admin_menu import StaffManagerMenuItem, StaffManagerSubmenu
from kit.deletion import ProtectedDeleteView
from kit.hooks import DashboardPanel
from kit.hooks import MenuItem as SiteMenuItem
from kit.pages import index_page_url

from . import admin_urls
from .models import Question, QuestionBank, QuizIndexPage, QuizMode, QuizPage, SharedWithExams
from .selectors import practice_exam_overlaps
from .services import attempts_rescore_enqueue, question_key


class QuestionBankViewSet(ModelViewSet):
    model = QuestionBank
    icon = "folder-open-inverse"
    menu_label = _("Question banks")
    form_fields = ["name", "description", "exam_only"]
    # A plain column would print True/False; BooleanColumn shows a tick or a cross titled 是/否.
    list_display = ["name", BooleanColumn("exam_only", label=_("exam only")), "created_at"]
    search_fields = ["name"]
    search_backend_name = None
    copy_view_enabled = False
    delete_view_class = ProtectedDeleteView


class QuestionEditView(EditView):
    """Saving a question whose key changed queues the re-score of the attempts that hold it
    (a background job the trainer follows), instead of re-scoring inside the request."""

    def save_instance(self):
        before = Question.objects.filter(pk=self.object.pk).values_list("question_type", "answer")[
            0
        ]
        question = super().save_instance()
        self.rescore_job = None
        if tuple(before) != question_key(question):
            self.rescore_job = attempts_rescore_enqueue(
                questions=[question], owner=self.request.user
            )
        return question

    def save_action(self):
        response = super().save_action()
        job = getattr(self, "rescore_job", None)
        if job is not None and not self.expects_json_response:
            messages.info(
                self.request,
                _("The key changed: the attempts holding this question are being re-scored."),
                buttons=[messages.button(reverse("jobs:detail", args=[job.pk]), _("Follow it"))],
            )
        return response


class QuestionViewSet(ModelViewSet):
    model = Question
    icon = "help"
    edit_view_class = QuestionEditView
    delete_view_class = ProtectedDeleteView
    menu_label = _("Questions")
    list_display = [
        "__str__",
        "question_type",
        "category",
        "difficulty",
        "bank",
        BooleanColumn("is_active", label=_("active")),
        BooleanColumn("exam_only", label=_("exam only")),
    ]
    list_filter = ["bank", "question_type", "difficulty", "is_active", "exam_only"]
    search_fields = ["stem_text", "category", "basis"]
    search_backend_name = None
    list_per_page = 50

    def get_queryset(self, request):
        return Question.objects.select_related("bank")


class QuestionBankGroup(ModelViewSetGroup):
    menu_label = _("Question bank")
    menu_icon = "help"
    menu_order = 320
    items = (QuestionViewSet("questions"), QuestionBankViewSet("question_banks"))


@hooks.register("register_admin_viewset")
def register_question_viewsets():
    return QuestionBankGroup()


@hooks.register("after_create_page")
@hooks.register("after_edit_page")
def warn_practice_shares_exam_questions(request, page):
    """Saving a practice with instant feedback that can draw questions an exam open or to come
    can also draw: say which exam and how many, with a link to the choice (issue 9)."""
    page = page.specific
    if not isinstance(page, QuizPage):
        return
    practice = page.get_latest_revision_as_object()
    if practice.mode != QuizMode.PRACTICE or not practice.instant_feedback:
        return
    button = messages.button(
        reverse("quizzes_admin:exam_overlap", args=[page.pk]), _("Choose what to do")
    )
    for overlap in practice_exam_overlaps(practice=practice, now=timezone.now()):
        values = {"n": overlap.count, "exam": overlap.exam.title}
        if practice.shared_with_exams == SharedWithExams.LEAVE_OUT:
            messages.info(
                request,
                _(
                    "This practice can draw %(n)s questions that the exam “%(exam)s” can also "
                    "draw; officials who can still take that exam do not get them."
                )
                % values,
                buttons=[button],
            )
        else:
            messages.warning(
                request,
                _(
                    "This practice gives instant feedback and can draw %(n)s questions that "
                    "the exam “%(exam)s” can also draw: until that exam is over, officials who "
                    "can still take it get no answer for them."
                )
                % values,
                buttons=[button],
            )


@hooks.register("register_admin_urls")
def register_quiz_admin_urls():
    return [path("quizzes/", include(admin_urls, namespace="quizzes_admin"))]


@hooks.register("register_admin_menu_item")
def register_quiz_admin_menu():
    menu = Menu(
        items=[
            StaffManagerMenuItem(
                _("Import questions"),
                reverse("quizzes_admin:question_import"),
                icon_name="upload",
                order=10,
            ),
            StaffManagerMenuItem(
                _("Marking queue"),
                reverse("quizzes_admin:marking_queue"),
                icon_name="edit",
                order=20,
            ),
            StaffManagerMenuItem(
                _("Quiz reports"), reverse("quizzes_admin:reports"), icon_name="table", order=30
            ),
        ]
    )
    return StaffManagerSubmenu(_("Exams"), menu, icon_name="tasks", order=330)


@hooks.register("register_role_permissions")
def quiz_role_permissions():
    trainer = [
        "quizzes.add_question",
        "quizzes.change_question",
        "quizzes.view_question",
        "quizzes.delete_question",
        "quizzes.add_questionbank",
        "quizzes.change_questionbank",
        "quizzes.view_questionbank",
        "quizzes.view_attempt",
        "quizzes.view_answer",
        "quizzes.change_answer",
    ]
    return {"trainer": trainer, "administrator": [*trainer, "quizzes.delete_questionbank"]}


@hooks.register("xuefa_main_menu")
def quizzes_menu(request):
    url = index_page_url(QuizIndexPage) or reverse("quizzes:my_results")
    return [SiteMenuItem(_("Practice and exams"), url, order=300, name="quizzes")]


@hooks.register("xuefa_dashboard_panels")
def quizzes_dashboard_panel(request, year):
    from .selectors import quizzes_for_user

    now = timezone.now()
    rows = [
        row
        for row in quizzes_for_user(
            user=request.user, now=now, modes=[QuizMode.EXAM, QuizMode.QUIZ]
        )
        if not row.quiz.has_closed(now)
    ]
    return DashboardPanel(
        template="quizzes/includes/dashboard_panel.html", order=30, context={"rows": rows[:6]}
    )


@hooks.register("xuefa_course_requirements")
def quizzes_under_course_must_be_passed(course_page, user):
    """Every live quiz or exam placed under a course must be passed for the course to count."""
    from .models import Attempt, QuizPage

    quizzes = list(QuizPage.objects.live().descendant_of(course_page))
    if not quizzes:
        return []
    passed = set(
        Attempt.objects.filter(user=user, quiz__in=quizzes, passed=True).values_list(
            "quiz_id", flat=True
        )
    )
    return [
        {
            "label": _("Pass “%(title)s”") % {"title": quiz.title},
            "met": quiz.pk in passed,
            "url": quiz.url or "",
        }
        for quiz in quizzes
    ]


@hooks.register("xuefa_record_score_hidden")
def quizzes_record_score_hidden(record, viewer, now):
    """A quiz grade in the ledger stays hidden from officials until the quiz releases scores."""
    from .disclosure import record_score_hidden

    return record_score_hidden(record, viewer, now)


@hooks.register("xuefa_record_scores_withheld")
def quizzes_record_scores_withheld(viewer, now):
    """The same for every quiz at once (reports over a whole office ask this)."""
    from .disclosure import scores_withheld

    return scores_withheld(viewer, now)


@hooks.register("xuefa_load_demo", order=20)
def load_demo_quizzes(stdout):
    from . import demo

    demo.load(stdout)


# Questions offered on a case page: at most this many, citing the case's legal basis.
CASE_RELATED_QUESTIONS = 5


@hooks.register("xuefa_case_related")
def quizzes_case_related(case_page, request):
    """Practice questions citing the same articles as the case's legal basis ("exam only"
    questions are never offered: practice does not draw them).

    Each link shows the stem only (rendered by quizzes/includes/case_related_question.html),
    never the key or the explanation, and leads to a live practice quiz that holds the question
    (as a fixed question, or by a draw rule on its bank), else to the quiz index. A constant
    number of queries however many articles, questions or quizzes there are.
    """
    from django.template.loader import render_to_string

    from .draw import practice_questions, rule_matches
    from .models import QuizDrawRule, QuizPage, QuizQuestion

    article_ids = [article.pk for article in case_page.legal_basis.all()]
    if not article_ids:
        return []
    questions = list(
        practice_questions(Question.objects.filter(is_active=True, articles__in=article_ids))
        .distinct()
        .only("pk", "bank_id", "question_type", "stem_text", "category", "difficulty")
        .order_by("pk")[:CASE_RELATED_QUESTIONS]
    )
    if not questions:
        return []
    practice = QuizPage.objects.live().filter(mode=QuizMode.PRACTICE)
    quiz_for_question = {}
    for row in QuizQuestion.objects.filter(
        question_id__in=[q.pk for q in questions], quiz__in=practice
    ).order_by("quiz__path"):
        quiz_for_question.setdefault(row.question_id, row.quiz_id)
    rules = list(
        QuizDrawRule.objects.filter(
            bank_id__in={q.bank_id for q in questions}, quiz__in=practice
        ).order_by("quiz__path", "sort_order")
    )
    quiz_ids = set(quiz_for_question.values()) | {rule.quiz_id for rule in rules}
    quizzes = practice.in_bulk(quiz_ids) if quiz_ids else {}
    index = QuizIndexPage.objects.live().first()
    fallback = index.get_url(request) if index is not None else None
    links = []
    for question in questions:
        quiz_id = quiz_for_question.get(question.pk) or next(
            (rule.quiz_id for rule in rules if rule_matches(rule, question)), None
        )
        quiz = quizzes.get(quiz_id)
        url = quiz.get_url(request) if quiz is not None else fallback
        if not url:
            continue
        # no request: context processors (menus) would run once per question
        label = render_to_string(
            "quizzes/includes/case_related_question.html", {"question": question}
        )
        links.append({"label": label, "url": url})
    return links


@hooks.register("xuefa_search_providers")
def search_providers():
    from .search import search_providers

    return search_providers()
