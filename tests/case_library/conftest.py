import pytest

from tests.case_library.factories import case_index, grant_trainer_pages


@pytest.fixture
def index(db):
    index = case_index()
    grant_trainer_pages(index)
    return index
