"""Make the bundled sample files (seeded: the same bytes every run, apart from xlsx timestamps).

    python scripts/make_sample_data.py

* ``ventes_boutique.xlsx``: a French retailer's sales export, about 5,000 customers from
  September 2022 to December 2025, French headers under a title row, order lines, sales
  channel as segment, a «Lisez-moi» sheet and a hidden one, and the mess of real exports
  (missing ids, impossible dates, text amounts, refunds, duplicate lines, a total row).
* ``factures_b2b.csv``: a B2B invoice export, semicolon, cp1252, comma decimals, key
  accounts vs small firms.
* ``contacts_boutique.csv``: the retailer's contacts (UTF-8 with BOM): customers with
  opt-outs, prospects who showed an interaction, suspects who did not.
* ``clients_crm.csv``: a one-row-per-customer CRM export in English (first and last
  purchase, orders, total spent).
* ``opportunites_crm.csv``: a French CRM's opportunities (UTF-8 with BOM, semicolon):
  ``Étape`` Gagnée, Perdue or an open stage, creation and close dates (an open
  opportunity's close date is expected), sector as segment; companies whose opportunities
  are all lost or open are prospects.
All names and emails are invented.
"""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import numpy as np
import openpyxl
from openpyxl.styles import Font

OUT = Path(__file__).resolve().parent.parent / "sample_data"
START = dt.date(2022, 9, 1)
END = dt.date(2025, 12, 31)
FIRST_NAMES = [
    "Camille",
    "Léa",
    "Manon",
    "Chloé",
    "Inès",
    "Jade",
    "Louise",
    "Emma",
    "Hugo",
    "Lucas",
    "Louis",
    "Gabriel",
    "Arthur",
    "Jules",
    "Nathan",
    "Théo",
    "Zoé",
    "Alice",
    "Paul",
    "Élodie",
    "François",
    "Cécile",
    "Hélène",
    "Noé",
    "Anaïs",
    "Maël",
    "Clément",
    "Sébastien",
    "Benoît",
    "Margaux",
]
LAST_NAMES = [
    "Martin",
    "Bernard",
    "Dubois",
    "Thomas",
    "Robert",
    "Richard",
    "Petit",
    "Durand",
    "Leroy",
    "Moreau",
    "Simon",
    "Laurent",
    "Lefèvre",
    "Michel",
    "Garcia",
    "David",
    "Bertrand",
    "Roux",
    "Vincent",
    "Fournier",
    "Morel",
    "Girard",
    "André",
    "Lefebvre",
    "Mercier",
    "Dupont",
    "Lambert",
    "Bonnet",
    "François",
    "Martinez",
]
CHANNELS = ["Magasin", "Web", "Marketplace"]


def _slug(text: str) -> str:
    import unicodedata

    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower().replace(" ", "")


def _days(a: dt.date, b: dt.date) -> int:
    return (b - a).days


def retail_customers(rng: np.random.Generator, n: int = 5000):
    """Each customer: id, name, email, channel, and purchase dates (a Poisson process while alive)."""
    span = _days(START, END)
    # Acquisition grows over time: more first purchases in later months.
    starts = np.sort((span * rng.power(1.3, n)).astype(int))
    customers = []
    for i, s0 in enumerate(starts):
        rate = rng.gamma(1.6, 2.2) / 365.0  # purchases per day (mean ~3.5 a year)
        life = rng.exponential(540)  # days until they stop
        dates = [s0]
        t = s0
        while True:
            t += max(1, int(rng.exponential(1 / rate)))
            if t > s0 + life or t > span:
                break
            dates.append(t)
        # Some of those who stopped come back after a long silence (win-back campaign).
        if s0 + life < span - 400 and rng.random() < 0.12:
            t = int(s0 + life + rng.uniform(420, 620))
            for _ in range(int(rng.integers(1, 4))):
                if t > span:
                    break
                dates.append(t)
                t += int(rng.exponential(90)) + 1
        first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
        cid = f"{i + 1:07d}"  # text ids with leading zeros
        channel = CHANNELS[int(rng.choice(3, p=[0.5, 0.38, 0.12]))]
        email = f"{_slug(first)}.{_slug(last)}{i + 1}@exemple.fr"
        customers.append((cid, f"{first} {last}", email, channel, [START + dt.timedelta(days=int(d)) for d in dates]))
    return customers


def write_retail(rng: np.random.Generator, customers) -> None:
    rows = []
    order_no = 100000
    for cid, name, email, channel, dates in customers:
        for d in dates:
            order_no += 1
            for _ in range(int(rng.choice([1, 1, 1, 2, 2, 3]))):
                base = {"Magasin": 38.0, "Web": 52.0, "Marketplace": 29.0}[channel]
                amount = round(float(rng.lognormal(np.log(base), 0.6)), 2)
                rows.append([cid, name, email, d, f"CMD-{order_no}", amount, channel])
            if rng.random() < 0.015:  # a refund: a credit note on a later day
                back = d + dt.timedelta(days=int(rng.integers(3, 25)))
                if back <= END:
                    order_no += 1
                    rows.append(
                        [cid, name, email, back, f"AV-{order_no}", -round(float(rng.uniform(10, 60)), 2), channel]
                    )
    rows.sort(key=lambda r: (r[3], r[4]))
    n = len(rows)
    # The mess of a real export.
    for i in rng.choice(n, 9, replace=False):
        rows[i][0] = None  # no customer id
    for i, bad in zip(rng.choice(n, 4, replace=False), ["31/02/2024", "à confirmer", "00/00/0000", "2024-13-05"]):
        rows[i][3] = bad  # unreadable date
    for i in rng.choice(n, 60, replace=False):
        if isinstance(rows[i][3], dt.date):
            rows[i][3] = rows[i][3].strftime("%d/%m/%Y")  # a date typed as text
    for i, bad in zip(rng.choice(n, 3, replace=False), ["n/a", "voir avoir", "#VALEUR!"]):
        rows[i][5] = bad  # unreadable amount
    for i in rng.choice(n, 40, replace=False):
        if isinstance(rows[i][5], float):
            rows[i][5] = f"{rows[i][5]:,.2f} €".replace(",", "\u202f").replace(".", ",")  # text amount, French style
    for i in rng.choice(n, 5, replace=False):
        if rows[i][0]:
            rows[i][0] = rows[i][0] + " "  # trailing space
    dups = [list(rows[i]) for i in rng.choice(n, 6, replace=False)]
    for d in dups:
        rows.insert(int(rng.integers(0, len(rows))), d)  # exact duplicate lines

    wb = openpyxl.Workbook()
    readme = wb.active
    readme.title = "Lisez-moi"
    readme.append(["Export des ventes — Boutique Maison Lumière"])
    readme.append(["Une ligne par article commandé. Montants TTC en euros. Les avoirs (AV-) sont négatifs."])
    ws = wb.create_sheet("Ventes")
    ws.append(["Export des ventes — Boutique Maison Lumière — septembre 2022 à décembre 2025"])
    ws["A1"].font = Font(bold=True, size=14)
    ws.append([])
    ws.append(["N° client", "Nom", "Email", "Date de commande", "N° commande", "Montant TTC", "Canal"])
    for c in ws[3]:
        c.font = Font(bold=True)
    for row_no, r in enumerate(rows, start=4):
        ws.append(r)
        ws.cell(row_no, 1).number_format = "@"
        if isinstance(r[3], dt.date):
            ws.cell(row_no, 4).number_format = "DD/MM/YYYY"
        if isinstance(r[5], float):
            ws.cell(row_no, 6).number_format = '#,##0.00 "€"'
    total = sum(r[5] for r in rows if isinstance(r[5], float))
    ws.append([])
    ws.append(["Total", None, None, None, None, round(total, 2), None])
    for col, width in zip("ABCDEFG", (12, 24, 36, 16, 14, 14, 14)):
        ws.column_dimensions[col].width = width
    hidden = wb.create_sheet("Calculs")
    hidden.append(["Taux TVA", 0.2])
    hidden.sheet_state = "hidden"
    wb.save(OUT / "ventes_boutique.xlsx")


def write_contacts(rng: np.random.Generator, customers) -> None:
    rows = []
    for _cid, name, email, _channel, dates in customers:
        if rng.random() < 0.6:
            opt = "oui" if rng.random() < 0.07 else ""
            rows.append([email, name, dates[0].strftime("%d/%m/%Y"), "Client", opt])
    n_customers = len(customers)
    for j in range(2000):
        first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
        email = f"{_slug(first)}.{_slug(last)}.p{j + 1}@exemple.fr"
        if rng.random() < 0.4:  # a prospect: showed an interaction
            when = END - dt.timedelta(days=int(rng.integers(1, 500)))
            status = str(rng.choice(["Prospect", "Demande de devis", "Inscrit newsletter", "Rendez-vous"]))
            rows.append(
                [email, f"{first} {last}", when.strftime("%d/%m/%Y"), status, "oui" if rng.random() < 0.03 else ""]
            )
        else:  # a suspect: in the target, no contact yet
            rows.append([email, f"{first} {last}", "", "Cible", ""])
    rows.append(["", "Contact sans email", "", "Cible", ""])  # unusable: neither id nor email
    rng.shuffle(rows)
    with open(OUT / "contacts_boutique.csv", "w", encoding="utf-8-sig", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["Email", "Nom", "Date de contact", "Statut", "Désabonné"])
        w.writerows(rows)
    assert n_customers


def write_b2b(rng: np.random.Generator, n: int = 600) -> None:
    start, end = dt.date(2021, 1, 1), dt.date(2025, 12, 31)
    span = _days(start, end)
    kinds = ["Grands comptes", "Petites entreprises"]
    suffixes = ["SA", "SAS", "SARL", "& Fils", "Industrie", "Équipements", "Services", "Bâtiment"]
    rows = []
    invoice = 20000
    for i in range(n):
        key = rng.random() < 0.18
        kind = kinds[0] if key else kinds[1]
        name = f"{rng.choice(LAST_NAMES)} {rng.choice(suffixes)}"
        s0 = int(span * rng.random() ** 0.8)
        gap = max(14.0, rng.normal(35, 10) if key else rng.normal(110, 40))  # key accounts order monthly
        life = rng.exponential(1500 if key else 700)
        t = s0
        while t <= min(span, s0 + life):
            invoice += 1
            base = 4200 if key else 680
            amount = round(float(rng.lognormal(np.log(base), 0.5)), 2)
            rows.append([f"CL{i + 1:05d}", name, kind, start + dt.timedelta(days=int(t)), f"F{invoice}", amount])
            t += max(7, int(rng.normal(gap, gap / 3)))
    rows.sort(key=lambda r: r[3])
    for i in rng.choice(len(rows), 3, replace=False):
        rows[i][5] = -rows[i][5]  # credit notes
    with open(OUT / "factures_b2b.csv", "w", encoding="cp1252", newline="") as fh:
        fh.write("Code client;Raison sociale;Marché;Date facture;N° facture;Montant HT\r\n")
        for r in rows:
            money = f"{r[5]:,.2f}".replace(",", "\u00a0").replace(".", ",")  # 12 345,67 with a no-break space
            fh.write(f"{r[0]};{r[1]};{r[2]};{r[3].strftime('%d/%m/%Y')};{r[4]};{money}\r\n")
        fh.write(";;;;;\r\n")
        fh.write("TOTAL;;;;;" + f"{sum(r[5] for r in rows):,.2f}".replace(",", "\u00a0").replace(".", ",") + "\r\n")


def write_crm(customers) -> None:
    with open(OUT / "clients_crm.csv", "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["Customer ID", "First purchase", "Last purchase", "Orders", "Total spent", "Channel"])
        for cid, _name, _email, channel, dates in customers[:1500]:
            total = 45.0 * len(dates)
            w.writerow([cid, dates[0].isoformat(), dates[-1].isoformat(), len(dates), f"{total:.2f}", channel])


OPEN_STAGES = ["Qualification", "Proposition envoyée", "Négociation"]
SECTORS = ["Industrie", "Services", "Commerce", "Santé", "Secteur public"]


def write_opportunities(rng: np.random.Generator, n: int = 320) -> None:
    """Opportunities of a B2B firm from January 2022: each company has a rhythm and a win
    rate; opportunities created in the last five months are still open."""
    start, end = dt.date(2022, 1, 3), dt.date(2025, 12, 31)
    span = _days(start, end)
    suffixes = ["SA", "SAS", "SARL", "Conseil", "Industries", "Logistique", "Santé", "Services"]
    owners = ["Claire Morel", "Yann Le Goff", "Sophie Marchand"]
    rows = []
    for i in range(n):
        company = f"{rng.choice(LAST_NAMES)} {rng.choice(suffixes)} {i + 1:03d}"
        sector = SECTORS[int(rng.integers(len(SECTORS)))]
        contact = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
        win = float(rng.beta(2, 2))
        gap = max(30.0, float(rng.normal(150, 60)))
        t = int(span * rng.random() ** 0.7)
        for _ in range(int(rng.integers(1, 8))):
            if t > span:
                break
            created = start + dt.timedelta(days=t)
            length = int(rng.integers(20, 120))
            if _days(created, end) < 150:
                stage = OPEN_STAGES[int(rng.integers(3))]
                close = created + dt.timedelta(days=length + 60)  # expected
            else:
                stage = "Gagnée" if rng.random() < win else "Perdue"
                close = min(created + dt.timedelta(days=length), end)
            amount = round(float(rng.lognormal(np.log(9000), 0.7)), 2)
            rows.append(
                [
                    company,
                    contact,
                    f"{company} – {rng.choice(['Audit', 'Formation', 'Licence', 'Maintenance'])}",
                    stage,
                    amount,
                    created,
                    close,
                    owners[int(rng.integers(3))],
                    sector,
                ]
            )
            t += max(20, int(rng.normal(gap, gap / 3)))
    rows.sort(key=lambda r: r[5])
    with open(OUT / "opportunites_crm.csv", "w", encoding="utf-8-sig", newline="") as fh:
        fh.write("Société;Contact;Opportunité;Étape;Montant;Date de création;Date de clôture;Commercial;Secteur\r\n")
        for r in rows:
            money = f"{r[4]:,.2f}".replace(",", "\u202f").replace(".", ",") + "\u00a0€"
            fh.write(f"{r[0]};{r[1]};{r[2]};{r[3]};{money};{r[5]:%d/%m/%Y};{r[6]:%d/%m/%Y};{r[7]};{r[8]}\r\n")


def main() -> None:
    OUT.mkdir(exist_ok=True)
    rng = np.random.default_rng(20251231)
    customers = retail_customers(rng)
    write_retail(rng, customers)
    write_contacts(rng, customers)
    write_b2b(rng)
    write_crm(customers)
    write_opportunities(np.random.default_rng(20251201))  # its own seed: the other files stay as they are
    for path in sorted(OUT.iterdir()):
        print(f"{path.name}: {path.stat().st_size / 1e6:.2f} MB")


if __name__ == "__main__":
    main()
