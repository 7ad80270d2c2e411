"""The in-app manual renders the pages of docs/gebruikers/ instead of pointing at a folder."""

import pytest

from dashboard import manual

pytestmark = pytest.mark.django_db


def test_index_lists_every_page_of_docs_gebruikers(client):
    html = client.get("/handleiding/").content.decode()
    for slug in manual.slugs():
        assert f'href="/handleiding/{slug}/"' in html
    assert "map docs/" not in html


def test_page_renders_markdown_as_html_with_links_inside_the_app(client):
    html = client.get("/handleiding/procesregisseur/").content.decode()
    assert "<h1" in html and "Handleiding procesregisseur" in html
    assert 'href="/handleiding/aan-de-slag/"' in html  # was (aan-de-slag.md)
    assert ".md" not in html.split('class="app-manual"', 1)[1].split("</article>")[0]


@pytest.mark.parametrize("slug", ["bestaat-niet", "..", "README"])
def test_unknown_or_outside_page_is_404(client, slug):
    assert client.get(f"/handleiding/{slug}/").status_code == 404
