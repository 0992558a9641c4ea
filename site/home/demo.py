"""The page tree and the demo dashboard notice. Idempotent."""

from .services import site_tree_ensure

NOTICE = (
    "<p><b>2026年度学法考试</b>将于12月开放，请先完成《信访工作条例》专题学习。"
    "年度学时要求：40学时。</p>"
)


def load(stdout) -> None:
    home = site_tree_ensure()
    if not home.notice:
        home.notice = NOTICE
        home.save_revision().publish()
    stdout.write("home: page tree and dashboard notice in place")
