"""The output's document: stock styles and runtime inline, the page in the root, nothing escapes early."""

from pylive.notebook.page import page_document


def test_the_document_carries_the_page_styles_and_runtime() -> None:
    doc = page_document('<p data-pl="1">hi</p>', head="<meta name=x>", title="T & co")
    assert '<div id="pl-root" data-pl="0"><p data-pl="1">hi</p></div>' in doc
    assert "<title>T &amp; co</title>" in doc and "<meta name=x>" in doc
    assert ".pl-" in doc  # the stock stylesheet
    assert 'data-token=""' in doc and "applies the server's messages" in doc  # pylive.js
    assert doc.index("BridgeSocket") < doc.index("applies the server's messages")  # the bridge first


def test_no_inline_script_ends_early() -> None:
    doc = page_document("")
    scripts = doc.split("<script")[1:]
    for script in scripts:
        body = script.split(">", 1)[1]
        assert body.count("</script") == 1  # only its own end tag
