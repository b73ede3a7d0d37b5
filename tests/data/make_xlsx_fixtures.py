#!/usr/bin/python3
"""Write every .xlsx test fixture of the project.

Run from any folder: /usr/bin/python3 tests/data/make_xlsx_fixtures.py
The outputs are committed beside the other fixtures under tests/data/, so the
tests never run this script. Two kinds of fixture exist:

* Workbooks written by openpyxl (Debian's python3-openpyxl), an independent
  XLSX writer, so the reader is tested on files it did not shape itself.
* Packages assembled from hand-written XML parts, for shapes openpyxl does
  not write: inline strings, rich text runs, cells without references,
  namespace prefixes and damaged parts.

To add a fixture, append an entry to FIXTURES. Every package is re-zipped
with fixed timestamps, so running the script twice gives the same bytes.
"""

import datetime
import io
import pathlib
import zipfile

import openpyxl
from openpyxl.utils.datetime import CALENDAR_MAC_1904

DATA = pathlib.Path(__file__).resolve().parent
FIXED_TIME = datetime.datetime(2024, 1, 1, 0, 0, 0)
ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)

# ---------------------------------------------------------------------------
# Writers.


def openpyxl_workbook(rows, sheet_title="Sheet1", formats=None, epoch=None):
    """A workbook of one sheet; `formats` maps (row, column), 1-based, to a
    number format code. None in `rows` leaves the cell out of the file."""
    workbook = openpyxl.Workbook()
    if epoch is not None:
        workbook.epoch = epoch
    workbook.properties.created = FIXED_TIME
    workbook.properties.modified = FIXED_TIME
    sheet = workbook.active
    sheet.title = sheet_title
    for row_index, row in enumerate(rows, start=1):
        for column_index, value in enumerate(row, start=1):
            if value is None:
                continue
            cell = sheet.cell(row=row_index, column=column_index, value=value)
            code = (formats or {}).get((row_index, column_index))
            if code is not None:
                cell.number_format = code
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


SPREADSHEET_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml."
CONTENT_TYPE_BY_KIND = {
    "workbook": SPREADSHEET_TYPE + "sheet.main+xml",
    "worksheet": SPREADSHEET_TYPE + "worksheet+xml",
    "sharedStrings": SPREADSHEET_TYPE + "sharedStrings+xml",
    "styles": SPREADSHEET_TYPE + "styles+xml",
}


def content_types_xml(overrides):
    """[Content_Types].xml; `overrides` maps a part name to its kind."""
    body = "".join(
        f'<Override PartName="/{name}" ContentType="{CONTENT_TYPE_BY_KIND[kind]}"/>'
        for name, kind in overrides.items()
    )
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" '
        'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        f"{body}</Types>"
    )


PACKAGE_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>
</Relationships>"""

MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
REL_TYPE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"


def workbook_xml(sheet_name, sheet_rel_id, prefix="", date1904=False):
    """xl/workbook.xml with one sheet; `prefix` such as "x:" puts the main
    namespace on a prefix, as some .NET writers do."""
    p = prefix
    ns = f'xmlns:{p[:-1]}="{MAIN_NS}"' if p else f'xmlns="{MAIN_NS}"'
    properties = f'<{p}workbookPr date1904="1"/>' if date1904 else ""
    return (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<{p}workbook {ns} xmlns:r="{REL_NS}">{properties}<{p}sheets>'
        f'<{p}sheet name="{sheet_name}" sheetId="1" r:id="{sheet_rel_id}"/>'
        f"</{p}sheets></{p}workbook>"
    )


def workbook_rels(sheet_rel_id, sheet_target, shared_strings=True, styles=False):
    relationships = [(sheet_rel_id, "worksheet", sheet_target)]
    if shared_strings:
        relationships.append(("rIdStrings", "sharedStrings", "sharedStrings.xml"))
    if styles:
        relationships.append(("rIdStyles", "styles", "styles.xml"))
    body = "".join(
        f'<Relationship Id="{rid}" Type="{REL_TYPE}{kind}" Target="{target}"/>'
        for rid, kind, target in relationships
    )
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        f"{body}</Relationships>"
    )


def sheet_xml(rows_xml, prefix=""):
    p = prefix
    ns = f'xmlns:{p[:-1]}="{MAIN_NS}"' if p else f'xmlns="{MAIN_NS}"'
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f"<{p}worksheet {ns}><{p}sheetData>{rows_xml}</{p}sheetData></{p}worksheet>"
    )


def shared_strings_xml(items_xml):
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<sst xmlns="{MAIN_NS}">{items_xml}</sst>'
    )


def raw_package(parts):
    """A ZIP package from a mapping of part name to text."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in parts.items():
            archive.writestr(name, text)
    return buffer.getvalue()


def standard_parts(sheet_name, sheet_target, rows_xml, strings_xml="", styles_xml="",
                   **options):
    """The parts of a one-sheet package whose sheet lives at xl/`sheet_target`."""
    prefix = options.get("prefix", "")
    overrides = {"xl/workbook.xml": "workbook", f"xl/{sheet_target}": "worksheet"}
    parts = {
        "_rels/.rels": PACKAGE_RELS,
        "xl/workbook.xml": workbook_xml(sheet_name, "rIdSheet", prefix,
                                        options.get("date1904", False)),
        "xl/_rels/workbook.xml.rels": workbook_rels("rIdSheet", sheet_target,
                                                    shared_strings=bool(strings_xml),
                                                    styles=bool(styles_xml)),
        f"xl/{sheet_target}": sheet_xml(rows_xml, prefix),
    }
    if strings_xml:
        parts["xl/sharedStrings.xml"] = shared_strings_xml(strings_xml)
        overrides["xl/sharedStrings.xml"] = "sharedStrings"
    if styles_xml:
        parts["xl/styles.xml"] = styles_xml
        overrides["xl/styles.xml"] = "styles"
    parts["[Content_Types].xml"] = content_types_xml(overrides)
    return parts


def deterministic(package):
    """Re-zips a package with fixed entry times, keeping the entry order."""
    source = zipfile.ZipFile(io.BytesIO(package))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for info in source.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=ZIP_EPOCH)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            archive.writestr(entry, source.read(info.filename))
    return buffer.getvalue()


# ---------------------------------------------------------------------------
# Fixture contents.


def readers_openpyxl_types():
    """Strings (openpyxl writes them inline), numbers, booleans, date-styled
    datetimes and skipped cells."""
    rows = [
        ["User ID", "Name", "Count", "Enabled", "Signed in", "Day", "Ratio"],
        ["alice", "Alice Smith", 3, True, datetime.datetime(2024, 6, 1, 8, 0, 0),
         datetime.date(2024, 6, 1), 0.1],
        ["bob", 'Bob "B" Jones, Jr.', 12345678, False,
         datetime.datetime(2024, 6, 1, 8, 0, 0, 123000), None, 2.5],
        [None, None, None, None, None, None, None],
        ["carol", None, -4, None, None, None, None],
    ]
    formats = {
        (2, 5): "yyyy-mm-dd hh:mm:ss",
        (3, 5): "yyyy-mm-dd hh:mm:ss.000",
        (2, 6): "mm-dd-yy",
    }
    return openpyxl_workbook(rows, "Users", formats)


# Serial numbers with date, time and non-date formats, one case per row.
DATE_CASES_1900 = [
    ("serial 45444.333333333336 yyyy-mm-dd hh:mm:ss", 45444.333333333336, "yyyy-mm-dd hh:mm:ss"),
    ("serial 45444 built-in 14", 45444, "mm-dd-yy"),
    ("serial 1", 1, "mm-dd-yy"),
    ("serial 59", 59, "mm-dd-yy"),
    ("serial 60", 60, "mm-dd-yy"),
    ("serial 61", 61, "mm-dd-yy"),
    ("time only 0.5", 0.5, "h:mm:ss"),
    ("half second", 45444.000005787037, "yyyy-mm-dd hh:mm:ss.0"),
    ("rounds to next day", 45444.9999999999, "yyyy-mm-dd hh:mm:ss"),
    ("locale and colour brackets", 45444.5, "[$-409][Blue]yyyy\\-mm\\-dd hh:mm;@"),
    ("quoted letters only", 45444.5, '"days: "0.0'),
    ("colour bracket only", 45444.5, "[Red]0.00"),
    ("plain number", 45444.5, "0.00"),
    ("general", 45444.5, "General"),
]


def readers_dates_1900():
    rows = [["Case", "Value"]] + [[name, value] for name, value, _ in DATE_CASES_1900]
    formats = {(index + 2, 2): code for index, (_, _, code) in enumerate(DATE_CASES_1900)}
    return openpyxl_workbook(rows, "Dates", formats)


def readers_dates_1904():
    rows = [
        ["Case", "Value"],
        ["datetime 2024-06-01 08:00", datetime.datetime(2024, 6, 1, 8, 0, 0)],
        ["serial 0", 0],
        ["serial 1", 1],
    ]
    formats = {(2, 2): "yyyy-mm-dd hh:mm:ss", (3, 2): "yyyy-mm-dd", (4, 2): "yyyy-mm-dd"}
    return openpyxl_workbook(rows, "Dates", formats, epoch=CALENDAR_MAC_1904)


CELL_KIND_ROWS = (
    # Rows 1 and 2 are absent, so the header is sheet row 3.
    '<row r="3">'
    '<c r="A3" t="inlineStr"><is><t>User ID</t></is></c>'
    '<c r="B3" t="inlineStr"><is><r><t>Display</t></r><r><rPr><b/></rPr>'
    '<t xml:space="preserve"> name</t></r></is></c>'
    '<c r="C3" t="inlineStr"><is><t>Count</t></is></c>'
    '<c r="D3" t="inlineStr"><is><t>Flag</t></is></c>'
    '<c r="E3" t="inlineStr"><is><t>Note</t></is></c>'
    "</row>"
    # B4 and D4 are skipped; E4 is a formula's string result, and AB4 lies
    # right of the header.
    '<row r="4">'
    '<c r="A4" t="inlineStr"><is><t>alice</t></is></c>'
    '<c r="C4"><v>7</v></c>'
    '<c r="E4" t="str"><f>"o"&amp;"k"</f><v>ok</v></c>'
    '<c r="AB4" t="inlineStr"><is><t>far</t></is></c>'
    "</row>"
    # Cells without references follow one another from column A.
    '<row r="5">'
    '<c t="inlineStr"><is><t>bob</t></is></c>'
    '<c t="s"><v>0</v></c>'
    "<c><v>1.50</v></c>"
    '<c t="b"><v>1</v></c>'
    '<c t="e"><v>#N/A</v></c>'
    "</row>"
    # A row of empty styled cells is skipped.
    '<row r="6"><c r="B6" s="0"/></row>'
    # A row without `r` follows row 6.
    "<row>"
    '<c r="A7" t="inlineStr"><is><t>carol</t></is></c>'
    '<c r="B7" t="s"><v>1</v></c>'
    '<c r="E7" t="inlineStr"><is><t xml:space="preserve">  padded  </t></is></c>'
    "</row>"
)

CELL_KIND_STRINGS = (
    # Rich text runs are joined; the phonetic run is not part of the text.
    "<si><r><t>Bob</t></r><r><rPr><i/></rPr><t xml:space=\"preserve\"> Jones</t></r>"
    "<rPh sb=\"0\" eb=\"1\"><t>ボブ</t></rPh></si>"
    # _x000D_ and _x000A_ are a CR LF; _x005F_ escapes an underscore.
    "<si><t>line1_x000D__x000A_line2 snake_x005F_x0041_case</t></si>"
)


def readers_cell_kinds():
    return raw_package(standard_parts("Export", "worksheets/data.xml", CELL_KIND_ROWS,
                                      CELL_KIND_STRINGS))


SHARED_ROWS = (
    '<row r="1" spans="1:3"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c>'
    '<c r="C1" t="s"><v>2</v></c></row>'
    '<row r="2" spans="1:3"><c r="A2" t="s"><v>3</v></c><c r="B2" s="1"><v>45444.333333333336</v></c>'
    '<c r="C2" t="s"><v>4</v></c></row>'
    '<row r="3" spans="1:3"><c r="A3" t="s"><v>5</v></c><c r="B3" s="1"><v>45444.5</v></c>'
    '<c r="C3" t="s"><v>4</v></c></row>'
)

SHARED_STRINGS = "".join(
    f"<si><t>{text}</t></si>"
    for text in ["AADUserID", "SessionStartTime", "Status", "00000000-0000-0000-0000-000000000021",
                 "Success", "00000000-0000-0000-0000-000000000031"]
)

# Cell style 1 uses the built-in format 22 (m/d/yyyy h:mm), as Excel writes
# a date and time cell.
SHARED_STYLES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    f'<styleSheet xmlns="{MAIN_NS}"><cellXfs count="2">'
    '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="22" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    "</cellXfs></styleSheet>"
)


def readers_shared_strings():
    """Every text cell in the shared string table, as Excel writes it."""
    return raw_package(standard_parts("Sheet1", "worksheets/sheet1.xml", SHARED_ROWS,
                                      SHARED_STRINGS, SHARED_STYLES))


def readers_prefixed():
    rows = (
        '<x:row r="1"><x:c r="A1" t="inlineStr"><x:is><x:t>User ID</x:t></x:is></x:c></x:row>'
        '<x:row r="2"><x:c r="A2" t="inlineStr"><x:is><x:t>alice</x:t></x:is></x:c></x:row>'
    )
    return raw_package(standard_parts("Prefixed", "worksheets/sheet1.xml", rows, prefix="x:"))


def readers_malformed_sheet():
    parts = standard_parts("Broken", "worksheets/sheet1.xml", "")
    parts["xl/worksheets/sheet1.xml"] = (
        f'<worksheet xmlns="{MAIN_NS}"><sheetData><row r="1"><c r="A1"><v>1</v></row>'
    )
    return raw_package(parts)


def readers_missing_sheet():
    parts = standard_parts("Gone", "worksheets/sheet1.xml", "")
    del parts["xl/worksheets/sheet1.xml"]
    return raw_package(parts)


def readers_bad_shared_index():
    rows = (
        '<row r="1"><c r="A1" t="s"><v>0</v></c></row>'
        '<row r="2"><c r="A2" t="s"><v>5</v></c></row>'
    )
    return raw_package(standard_parts("Sheet1", "worksheets/sheet1.xml", rows,
                                      "<si><t>User ID</t></si>"))


def readers_truncated():
    """The first half of a valid workbook: a download that stopped early."""
    package = deterministic(readers_shared_strings())
    return package[: len(package) // 2]


def d365_users_workbook():
    """The Users page export as Excel writes it: booleans in Enabled, one
    admin without an object id, two accounts sharing one object id."""
    rows = [
        ["User ID", "User name", "Email", "Telemetry ID", "Enabled", "Provider"],
        ["admin", "Administrator", "admin@contoso.example", None, True,
         "https://sts.windows.net/"],
        ["fmartin", "Frank Martin", "fmartin@contoso.example",
         "00000000-0000-0000-0000-000000000021", True, "https://sts.windows.net/"],
        ["jlee", "Jamie Lee", "jlee@contoso.example",
         "00000000-0000-0000-0000-000000000031", True, "https://sts.windows.net/"],
        ["jlee2", "Jamie Lee", "jlee@contoso.example",
         "00000000-0000-0000-0000-000000000031", False, "https://sts.windows.net/"],
    ]
    return openpyxl_workbook(rows, "Users")


def lcs_logins_workbook():
    """The Lifecycle Services User Login Events grid export: date-styled
    times, an upper-case user id and one session without an end."""
    user = "7A1E3C52-9B4D-4F0E-8C21-5D6F7A8B9C01"
    rows = [
        ["AADUserId", "UserName", "Email", "SessionStartTime", "SessionEndTime"],
        [user, "Frank Martin", "fmartin@contoso.example",
         datetime.datetime(2024, 6, 10, 12, 0, 0), datetime.datetime(2024, 6, 10, 13, 30, 0)],
        [user.lower(), "Frank Martin", "fmartin@contoso.example",
         datetime.datetime(2024, 6, 14, 8, 5, 0), None],
        ["00000000-0000-0000-0000-000000000021", "Dana Lee", "dana@contoso.example",
         datetime.datetime(2024, 6, 11, 9, 0, 0), datetime.datetime(2024, 6, 11, 17, 15, 30)],
    ]
    code = "m/d/yyyy h:mm:ss AM/PM"
    formats = {(row, column): code for row in range(2, 5) for column in (4, 5)}
    return openpyxl_workbook(rows, "User Login Events", formats)


def d365_userlog_workbook():
    """The User log as the Excel add-in writes it: UTC date-styled times,
    numeric session ids and booleans for a clean logoff."""
    rows = [
        ["User ID", "User name", "Session ID", "Created date and time", "Logoff date time",
         "Logged off cleanly"],
        ["fmartin", "Frank Martin", 5, datetime.datetime(2024, 6, 1, 8, 0, 0),
         datetime.datetime(2024, 6, 1, 9, 14, 0), True],
        ["fmartin", "Frank Martin", 5, datetime.datetime(2024, 6, 2, 8, 5, 0),
         datetime.datetime(2024, 6, 2, 8, 30, 0), False],
        ["dlee", "Dana Lee", 6, datetime.datetime(2024, 6, 2, 9, 0, 0), None, None],
    ]
    code = "yyyy-mm-dd hh:mm:ss"
    formats = {(row, column): code for row in range(2, 5) for column in (4, 5)}
    return openpyxl_workbook(rows, "User log", formats)


# (output path under tests/data, builder). Builders return package bytes;
# truncated outputs are written as they are, every other one is normalised.
FIXTURES = [
    ("readers/openpyxl_types.xlsx", readers_openpyxl_types),
    ("readers/shared_strings.xlsx", readers_shared_strings),
    ("readers/dates_1900.xlsx", readers_dates_1900),
    ("readers/dates_1904.xlsx", readers_dates_1904),
    ("readers/cell_kinds.xlsx", readers_cell_kinds),
    ("readers/prefixed.xlsx", readers_prefixed),
    ("readers/malformed_sheet.xlsx", readers_malformed_sheet),
    ("readers/missing_sheet.xlsx", readers_missing_sheet),
    ("readers/bad_shared_index.xlsx", readers_bad_shared_index),
    ("readers/truncated.xlsx", readers_truncated),
    ("d365-users/users.xlsx", d365_users_workbook),
    ("lcs-logins/user-login-events.xlsx", lcs_logins_workbook),
    ("d365-userlog/user-log.xlsx", d365_userlog_workbook),
]

UNNORMALISED = {"readers/truncated.xlsx"}


def main():
    for relative, build in FIXTURES:
        package = build()
        if relative not in UNNORMALISED:
            package = deterministic(package)
        path = DATA / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(package)
        print(f"wrote {path.relative_to(DATA)} ({len(package)} bytes)")


if __name__ == "__main__":
    main()
