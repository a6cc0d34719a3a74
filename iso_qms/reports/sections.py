"""The report's paragraphs as the sections an official pastes: each with its heading and its lines
(one item per line), the same split the .docx uses, so the screen and "Sao chép" keep III.2 and IV
apart."""

from .exports import bullet_items, numbered_items

#: (key, heading as the báo cáo CCHC writes it, how the text is split into lines)
SECTIONS = (
    ("I.3", "I.3. Về kiểm tra CCHC", None),
    ("II.6", "II.6. Hiện đại hóa hành chính (ISO 9001:2015)", None),
    ("III.1", "III.1. Những ưu điểm", bullet_items),
    ("III.2", "III.2. Những tồn tại, hạn chế", bullet_items),
    ("IV", "IV. Phương hướng, nhiệm vụ", numbered_items),
)


def report_sections(paragraphs: dict) -> list[dict]:
    """[{key, heading, lines, text}]: `text` is what the copy button puts on the clipboard."""
    sections = []
    for key, heading, split in SECTIONS:
        body = (paragraphs.get(key) or "").strip()
        lines = split(body) if split else ([body] if body else [])
        sections.append(
            {"key": key, "heading": heading, "lines": lines, "text": "\n".join([heading, *lines])}
        )
    return sections
