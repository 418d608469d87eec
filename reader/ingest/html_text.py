"""HTML fragments -> passages, with selectolax (lexbor), shared by the HTML-based importers.

Only text, line breaks, paragraphs, bold, quotes and safe links survive: scripts, styles,
images and forms are dropped, and a link is kept only for http, https, tg and mailto targets,
so nothing in a post can make the reader fetch or run anything.
"""

from __future__ import annotations

import re
from urllib.parse import urljoin

from selectolax.lexbor import LexborHTMLParser, LexborNode

from reader.ingest.rich_text import SAFE_LINK_SCHEMES, RichText

# Runs of white space other than a lone space: collapsing those alone is the same result, and
# ordinary text (one space between words) then costs no replacement per word.
_SPACES = re.compile(r"[\t\r\n\f][ \t\r\n\f]*| [ \t\r\n\f]+")
_DROPPED = frozenset(
    {
        "script",
        "style",
        "noscript",
        "template",
        "head",
        "title",
        "img",
        "svg",
        "video",
        "audio",
        "iframe",
        "object",
        "embed",
        "form",
        "input",
        "button",
        "select",
        "textarea",
        "picture",
        "source",
        "canvas",
    }
)
_BOLD = frozenset({"b", "strong", "h1", "h2", "h3", "h4", "h5", "h6"})
_BLOCKS = frozenset(
    {
        "p",
        "div",
        "section",
        "article",
        "header",
        "footer",
        "aside",
        "main",
        "nav",
        "ul",
        "ol",
        "li",
        "dl",
        "dt",
        "dd",
        "table",
        "tr",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "pre",
        "figure",
        "figcaption",
        "hr",
        "address",
        "details",
        "summary",
    }
)
MAX_DEPTH = 200  # deeper nesting than this is hostile input, not a post
# lexbor's tree building checks the stack of open elements for each new block, so nesting costs
# quadratic time: 50,000 nested <div>s take ten seconds. Real pages nest a few dozen levels.
MAX_NESTING = 1000
_TAG = re.compile(rb"<(/?)([A-Za-z][A-Za-z0-9]{0,15})")
_VOID = frozenset(b"area base br col embed hr img input link meta param source track wbr".split())


class TooDeepError(ValueError):
    """HTML nested far deeper than any real page: refused before the parser sees it."""


def check_nesting(data: bytes, limit: int = MAX_NESTING) -> None:
    """Raise TooDeepError when elements nest more than `limit` deep (counted naively on the raw bytes).

    The count ignores void elements and never goes below zero; unclosed tags only make it
    stricter, which real exports (always closed) and feed snippets (small) never reach.
    """
    if data.count(b"<") <= limit:
        return
    depth = 0
    for closing, name in _TAG.findall(data):
        if name.lower() in _VOID:
            continue
        if closing:
            depth = depth - 1 if depth else 0
        else:
            depth += 1
            if depth > limit:
                raise TooDeepError(f"the HTML nests more than {limit:,} elements deep")


def safe_href(href: str | None, base_url: str | None = None) -> str | None:
    """The link target when it is one the reader may open on click (http, https, tg, mailto)."""
    if not href:
        return None
    href = href.strip()
    if base_url and not href.lower().startswith(SAFE_LINK_SCHEMES) and "://" not in href and not href.startswith("#"):
        href = urljoin(base_url, href)
    return href if href.lower().startswith(SAFE_LINK_SCHEMES) else None


def add_html(
    node: LexborNode,
    rich: RichText,
    *,
    base_url: str | None = None,
    skip_classes: frozenset[str] = frozenset(),
) -> None:
    """Append the text of an element's children to `rich`, keeping structure.

    Args:
        node: the element whose content is the text.
        rich: where the pieces go.
        base_url: resolves relative links (feeds); without it relative links are dropped.
        skip_classes: child elements carrying any of these classes are left out (widgets).
    """
    _walk(node, rich, None, False, False, base_url, skip_classes, 0)


def _walk(
    node: LexborNode,
    rich: RichText,
    href: str | None,
    bold: bool,
    quote: bool,
    base_url: str | None,
    skip_classes: frozenset[str],
    depth: int,
) -> None:
    if depth > MAX_DEPTH:
        return
    child = node.child
    while child is not None:
        tag = child.tag
        if tag == "-text":
            text = child.text_content
            if text:
                rich.add(_SPACES.sub(" ", text), href=href, bold=bold, quote=quote)
        elif tag == "br":
            rich.add("\n", href=href, bold=bold, quote=quote)
        elif tag == "img":
            _add_image_link(child, rich, bold, quote, base_url)
        elif tag is None or tag.startswith("-") or tag in _DROPPED:
            pass  # comments, doctype, media and active content
        elif skip_classes and skip_classes.intersection((child.attributes.get("class") or "").split()):
            pass
        elif tag == "a":
            link = safe_href(child.attributes.get("href"), base_url) or href
            _walk(child, rich, link, bold, quote, base_url, skip_classes, depth + 1)
        elif tag == "blockquote":
            rich.paragraph_break()
            _walk(child, rich, href, bold, True, base_url, skip_classes, depth + 1)
            rich.paragraph_break()
        elif tag in _BLOCKS:
            rich.paragraph_break()
            _walk(child, rich, href, bold or tag in _BOLD, quote, base_url, skip_classes, depth + 1)
            rich.paragraph_break()
        else:
            _walk(child, rich, href, bold or tag in _BOLD, quote, base_url, skip_classes, depth + 1)
        child = child.next


def _add_image_link(node: LexborNode, rich: RichText, bold: bool, quote: bool, base_url: str | None) -> None:
    # A remote image is never fetched: it becomes a link the reader can open in the browser on click.
    source = safe_href(node.attributes.get("src"), base_url)
    if source is None or not source.lower().startswith(("http://", "https://")):
        return
    label = _SPACES.sub(" ", node.attributes.get("alt") or "").strip() or "image"
    rich.add(f"[{label}]", href=source, bold=bold, quote=quote)


def html_fragment_to_rich(html: str, *, base_url: str | None = None) -> RichText:
    """Parse a standalone HTML fragment (a feed entry's content) into rich text.

    Raises:
        TooDeepError: the fragment is hostile (see `check_nesting`).
    """
    check_nesting(html.encode("utf-8", "surrogatepass"))
    tree = LexborHTMLParser(html)
    rich = RichText()
    body = tree.body
    if body is not None:
        add_html(body, rich, base_url=base_url)
    return rich
