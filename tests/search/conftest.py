import pytest

from tests.case_library.factories import make_case
from tests.courses.factories import import_demo_regulation, make_course, make_lesson, paragraph
from tests.quizzes.factories import QuestionFactory


@pytest.fixture
def regulation(db):
    return import_demo_regulation().regulation


@pytest.fixture
def corpus(regulation):
    """A small site: the 《信访工作条例》, a course with two lessons (one unpublished), a
    published case, a draft case and a question whose key is a word found nowhere else."""
    course = make_course("依法分类处理信访诉求")
    lesson = make_lesson(
        course,
        "信访工作条例第三十一条规定依法分类处理信访诉求",
        body=[paragraph("<p>对申诉求决类事项，导引信访人依法通过诉讼、仲裁或者行政复议解决。</p>")],
    )
    hidden = make_lesson(
        course,
        "尚未发布的课件：蜂鸟计划",
        body=[paragraph("<p>草稿里的蜂鸟计划。</p>")],
        live=False,
    )
    case = make_case(
        "群体来访推选代表案",
        facts="<p>某企业职工五十余人来访，接待人员引导其推选代表，代表人数不超过5人。</p>",
    )
    draft_case = make_case("草稿案例：麒麟事件", facts="<p>麒麟事件的经过。</p>", live=False)
    question = QuestionFactory(
        stem="<p>信访人对处理意见不服，可以在多少日内请求复查？</p>",
        option_a="15日",
        option_b="30日",
        option_c="60日",
        option_d="90日",
        answer="B",
        explanation="依据第三十五条。",
    )
    return {
        "regulation": regulation,
        "course": course,
        "lesson": lesson,
        "hidden_lesson": hidden,
        "case": case,
        "draft_case": draft_case,
        "question": question,
    }
