"""A request body over XUEFA_MAX_REQUEST_BYTES is refused (413) before anything reads it
(issue 9, unbounded uploads). Django bounds form fields, not files: a multipart body of any
size was streamed to a temporary file on every route — the sign-in page included, for the
signed-out — because the input guard reads ``request.POST`` first. Documents had no bound at
all (images have Wagtail's 10 MB)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

pytestmark = pytest.mark.django_db

MB = 1024 * 1024


@pytest.fixture(autouse=True)
def one_mb(settings):
    settings.XUEFA_MAX_REQUEST_BYTES = MB


def _big(name="big.bin"):
    return SimpleUploadedFile(name, b"\0" * (MB + 1), content_type="application/octet-stream")


def test_the_sign_in_page_refuses_a_large_body_without_reading_it(client, monkeypatch):
    from django.http import multipartparser

    def never(*args, **kwargs):
        raise AssertionError("the body was parsed")

    monkeypatch.setattr(multipartparser.MultiPartParser, "parse", never)
    client.raise_request_exception = True
    response = client.post("/accounts/login/", {"username": "x", "password": "y", "f": _big()})
    assert response.status_code == 413
    assert "1 MB" in response.content.decode()


def test_a_small_body_passes(client):
    response = client.post("/accounts/login/", {"username": "x", "password": "y"})
    assert response.status_code == 200


def test_a_document_over_the_limit_is_refused_and_not_stored(client, trainer):
    from wagtail.documents.models import Document

    client.force_login(trainer)
    response = client.post(
        "/admin/documents/add/", {"title": "大文件", "file": _big("big.pdf"), "collection": 1}
    )
    assert response.status_code == 413
    assert not Document.objects.exists()


def test_json_is_refused_in_the_api_s_shape(official_client):
    response = official_client.post(
        "/quizzes/api/attempts/1/answer/",
        data=b"{}",
        content_type="application/json",
        CONTENT_LENGTH=str(10 * MB),
    )
    assert response.status_code == 413
    assert response.json()["error"]["code"] == "too_large"


@pytest.mark.parametrize("length", ["-1", "abc", "1e9", "１２"])
def test_a_content_length_that_is_no_number_is_a_400(client, length):
    response = client.post(
        "/accounts/login/", data=b"", content_type="text/plain", CONTENT_LENGTH=length
    )
    assert response.status_code == 400


def test_an_image_declaring_too_many_pixels_is_refused_before_decoding(client, trainer, settings):
    """A 1-bit PNG of 7,000 × 6,000 is a few kilobytes and 42 million pixels: each rendition
    would decode 168 MB. Wagtail's pixel check reads the header; its default allowed 128
    million (512 MB a decode)."""
    import io

    from PIL import Image as PILImage
    from wagtail.images.models import Image

    settings.XUEFA_MAX_REQUEST_BYTES = 12 * MB
    buffer = io.BytesIO()
    PILImage.new("1", (7000, 6000)).save(buffer, "PNG")
    assert len(buffer.getvalue()) < MB
    upload = SimpleUploadedFile("wide.png", buffer.getvalue(), content_type="image/png")
    client.force_login(trainer)
    response = client.post("/admin/images/add/", {"title": "大图", "file": upload, "collection": 1})
    assert response.status_code == 200  # the form again, with the error
    assert not Image.objects.exists()
    assert "40000000" in response.content.decode().replace(",", "")


def _account_post(avatar=None, **fields):
    data = {
        "locale-preferred_language": "zh-hans",
        "locale-current_time_zone": "Asia/Shanghai",
        "theme-theme": "system",
        "theme-density": "default",
        "theme-contrast": "system",
        "name_email-first_name": "强",
        "name_email-last_name": "赵",
        **fields,
    }
    if avatar is not None:
        data["avatar-avatar"] = avatar
    return data


def test_the_account_page_changes_no_e_mail_address(client, lead):
    """Only administrators change e-mail addresses; Wagtail's account page let any admin user
    (a lead) change their own."""
    before = lead.email
    client.force_login(lead)
    html = client.get("/admin/account/").content.decode()
    assert 'name="name_email-email"' not in html
    client.post("/admin/account/", _account_post(**{"name_email-email": "evil@example.com"}))
    lead.refresh_from_db()
    assert lead.email == before


def test_an_avatar_declaring_too_many_pixels_is_refused_not_decoded(client, lead, settings):
    """The account page's avatar is resized by Wagtail without a pixel check: a tiny PNG of
    10,000 × 10,000 (100 million pixels) was decoded whole (400 MB)."""
    import io

    from PIL import Image as PILImage
    from wagtail.users.models import UserProfile

    settings.XUEFA_MAX_REQUEST_BYTES = 12 * MB
    buffer = io.BytesIO()
    PILImage.new("1", (10000, 10000)).save(buffer, "PNG")
    upload = SimpleUploadedFile("me.png", buffer.getvalue(), content_type="image/png")
    client.force_login(lead)
    client.raise_request_exception = True
    response = client.post("/admin/account/", _account_post(avatar=upload))
    assert response.status_code == 200  # the form again, with the error
    assert not UserProfile.get_for_user(lead).avatar
