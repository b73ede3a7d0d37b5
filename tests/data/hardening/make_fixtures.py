#!/usr/bin/python3
"""Write the damaged and crafted workbooks under tests/data/hardening/.

Run from any folder: /usr/bin/python3 tests/data/hardening/make_fixtures.py
The outputs are committed, so the tests never run this script. It reuses the
package writers of tests/data/make_xlsx_fixtures.py. It adds workbooks that
no spreadsheet program writes: cell text that is not UTF-8 or contains a NUL,
bad cell references, ZIP entries whose stated sizes are larger or smaller
than their data, and a header that pads every row to 16,384 columns.
"""

import datetime
import pathlib
import struct
import sys

HERE = pathlib.Path(__file__).resolve().parent
sys.dont_write_bytecode = True
sys.path.insert(0, str(HERE.parent))

import make_xlsx_fixtures as xlsx  # noqa: E402

MIB = 1 << 20


def inline(reference, text):
    return f'<c r="{reference}" t="inlineStr"><is><t>{text}</t></is></c>'


def one_sheet(rows_xml, strings_xml=""):
    return xlsx.standard_parts("Sheet1", "worksheets/sheet1.xml", rows_xml, strings_xml)


def header_and_row(row_cells):
    """A header of User ID and Name, then one data row."""
    return (
        f'<row r="1">{inline("A1", "User ID")}{inline("B1", "Name")}</row>'
        f'<row r="2">{row_cells}</row>'
    )


def package(parts):
    return xlsx.deterministic(xlsx.raw_package(parts))


def state_sizes(data, stated):
    """Rewrites the uncompressed size that the local header and the central
    directory give for each named entry, leaving the data as it is."""
    data = bytearray(data)
    for name, size in stated.items():
        encoded = name.encode()
        position = data.find(encoded)
        while position >= 0:
            if data[position - 30 : position - 26] == b"PK\x03\x04":
                struct.pack_into("<I", data, position - 30 + 22, size)
            elif data[position - 46 : position - 42] == b"PK\x01\x02":
                struct.pack_into("<I", data, position - 46 + 24, size)
            position = data.find(encoded, position + 1)
    return bytes(data)


def invalid_utf8():
    """Cell B2 contains the byte 0xFF, which is not UTF-8."""
    parts = one_sheet(header_and_row(inline("A2", "alice") + inline("B2", "Al@@ce")))
    sheet = "xl/worksheets/sheet1.xml"
    parts[sheet] = parts[sheet].encode().replace(b"@@", b"\xff")
    return package(parts)


def nul_escape():
    """Shared string 1, used by cell B2, decodes `_x0000_` to a NUL."""
    rows = header_and_row('<c r="A2" t="s"><v>0</v></c><c r="B2" t="s"><v>1</v></c>')
    return package(one_sheet(rows, "<si><t>alice</t></si><si><t>Al_x0000_ice</t></si>"))


def nul_reference():
    """Cell B2 contains `&#0;`, which XML does not allow."""
    return package(one_sheet(header_and_row(inline("A2", "alice") + inline("B2", "Al&#0;ice"))))


def column_past_xfd():
    return package(one_sheet(header_and_row(inline("A2", "alice") + inline("XFE2", "far"))))


def malformed_reference():
    return package(one_sheet(header_and_row(inline("A2", "alice") + inline("2B", "Alice"))))


def last_column():
    """XFD, column 16,384, is the last column a sheet has."""
    return package(one_sheet(header_and_row(inline("A2", "alice") + inline("XFD2", "far"))))


def part_too_large():
    """The sheet's entry states 300 MiB; its data is a few hundred bytes."""
    data = package(one_sheet(header_and_row(inline("A2", "alice"))))
    return state_sizes(data, {"xl/worksheets/sheet1.xml": 300 * MIB})


def workbook_too_large():
    """Four parts read before the sheet state 250 MiB each, and so does the
    sheet: 1,250 MiB in all."""
    parts = one_sheet(header_and_row(inline("A2", "alice")), "<si><t>unused</t></si>")
    parts["xl/styles.xml"] = xlsx.SHARED_STYLES
    parts["xl/_rels/workbook.xml.rels"] = xlsx.workbook_rels(
        "rIdSheet", "worksheets/sheet1.xml", shared_strings=True, styles=True
    )
    names = [
        "xl/workbook.xml",
        "xl/_rels/workbook.xml.rels",
        "xl/sharedStrings.xml",
        "xl/styles.xml",
        "xl/worksheets/sheet1.xml",
    ]
    return state_sizes(package(parts), {name: 250 * MIB for name in names})


def size_understated():
    """The sheet's entry states 200 bytes, but its data expands to more."""
    rows = header_and_row(inline("A2", "alice") + inline("B2", "x" * 100_000))
    return state_sizes(package(one_sheet(rows)), {"xl/worksheets/sheet1.xml": 200})


def wide_padding():
    """A header cell in XFD1 and 1,100 rows of one cell each. The sheet is a
    few kilobytes compressed, but padding every row to 16,384 cells would
    take 18,022,400 cells, above the reader's limit of 16,777,216."""
    rows = f'<row r="1">{inline("A1", "User ID")}{inline("XFD1", "Last")}</row>'
    rows += "".join(f'<row r="{n}"><c r="A{n}"><v>{n}</v></c></row>' for n in range(2, 1102))
    return package(one_sheet(rows))


def lcs_precision():
    """The sessions of lcs-precision.csv as the grid's Excel export stores
    them: the same instants cut to whole milliseconds."""
    user = "7A1E3C52-9B4D-4F0E-8C21-5D6F7A8B9C01"
    rows = [
        ["AADUserId", "SessionStartTime", "SessionEndTime"],
        [user, datetime.datetime(2024, 6, 10, 12, 0, 0, 123000),
         datetime.datetime(2024, 6, 10, 13, 30, 0, 5000)],
        [user, datetime.datetime(2024, 6, 11, 8, 0, 0, 999000), None],
        [user, datetime.datetime(2024, 6, 12, 9, 15, 0), None],
    ]
    code = "yyyy-mm-dd hh:mm:ss.000"
    formats = {(row, column): code for row in range(2, 5) for column in (2, 3)}
    return xlsx.deterministic(xlsx.openpyxl_workbook(rows, "User Login Events", formats))


FIXTURES = [
    ("xlsx-invalid-utf8.xlsx", invalid_utf8),
    ("xlsx-nul-escape.xlsx", nul_escape),
    ("xlsx-nul-reference.xlsx", nul_reference),
    ("xlsx-column-past-xfd.xlsx", column_past_xfd),
    ("xlsx-malformed-reference.xlsx", malformed_reference),
    ("xlsx-last-column.xlsx", last_column),
    ("xlsx-part-too-large.xlsx", part_too_large),
    ("xlsx-workbook-too-large.xlsx", workbook_too_large),
    ("xlsx-size-understated.xlsx", size_understated),
    ("xlsx-wide-padding.xlsx", wide_padding),
    ("lcs-precision.xlsx", lcs_precision),
]


def main():
    for name, build in FIXTURES:
        data = build()
        (HERE / name).write_bytes(data)
        print(f"wrote hardening/{name} ({len(data)} bytes)")


if __name__ == "__main__":
    main()
