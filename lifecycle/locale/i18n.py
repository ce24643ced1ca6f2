"""Every text lifecycle shows or writes, in English and French, in one table; number and date formats.

``TEXT[key] = (english, french)`` with ``str.format`` fields; ``t(key, lang, **fields)`` picks
one. Keys are namespaced by where they appear: ``stage.``, ``flow.``, ``reason.``, ``warn.``,
``def.`` (the definition in words), ``kpi.``, ``chart.``, ``export.``, ``rule.``, ``action.``,
``ui.`` (the app), ``cli.`` (the command line), ``error.`` (messages for bad input).
Stage and flow keys are the names of ``lifecycle.vocabulary``.
"""

from __future__ import annotations

from . import formats

__all__ = [
    "LANGS",
    "TEXT",
    "Key",
    "fmt_date",
    "fmt_int",
    "fmt_money",
    "fmt_number",
    "fmt_pct",
    "fmt_signed",
    "quoted",
    "shorten",
    "stage_label",
    "t",
]

LANGS = ("en", "fr")

TEXT: dict[str, tuple[str, str]] = {
    # ---------------------------------------------------------------- Shared by the engine: stages, row report, definition, suggestion
    "stage.suspect": ("suspect", "suspect"),
    "stage.prospect": ("prospect", "prospect"),
    "stage.new": ("new", "nouveau client"),
    "stage.below_minimum": ("below the minimum spend", "sous le montant minimum"),
    "stage.reactivated": ("reactivated", "client réactivé"),
    "stage.active": ("active", "client actif"),
    "stage.dormant": ("dormant", "client dormant"),
    "stage.lost": ("lost", "client perdu"),
    # Balance flows: "won back" is a flow (a client again after being lost), never a stage.
    "flow.new": ("new", "nouveaux"),
    "flow.won_back": ("won back", "reconquis"),
    "flow.lost": ("lost", "perdus"),
    "group.not_clients": ("Not clients (yet)", "Pas (encore) clients"),
    "group.customers": ("Clients and former clients", "Clients et anciens clients"),
    "zone.contact": ("contact", "contact"),
    "zone.outside": ("not a client", "non-client"),
    "zone.opportunity": ("opportunity", "opportunité"),
    "zone.risk": ("risk", "risque"),
    "reason.no_customer": (
        "no customer id",
        "identifiant client manquant",
    ),
    "reason.no_date": (
        "no date",
        "date manquante",
    ),
    "reason.bad_date": ("unreadable date", "date illisible"),
    "reason.future_date": (
        "date in the future",
        "date dans le futur",
    ),
    "reason.no_amount": (
        "no amount",
        "montant manquant",
    ),
    "reason.bad_amount": ("unreadable amount", "montant illisible"),
    "reason.bad_quantity": ("unreadable quantity", "quantité illisible"),
    "reason.bad_unit_price": ("unreadable unit price", "prix unitaire illisible"),
    "reason.bad_first_date": ("unreadable first purchase date", "date de premier achat illisible"),
    "reason.bad_last_date": ("unreadable last purchase date", "date de dernier achat illisible"),
    "reason.last_before_first": ("last purchase before first purchase", "dernier achat antérieur au premier achat"),
    "reason.bad_orders": ("unreadable number of orders", "nombre de commandes illisible"),
    "reason.no_contact_key": ("neither customer id nor e-mail", "ni identifiant client ni e-mail"),
    "reason.long_cell": (
        "a cell of more than 32,767 characters (Excel's own limit), cut in the table",
        "une cellule de plus de 32 767 caractères (la limite d'Excel), tronquée dans le tableau",
    ),
    "reason.total_row": ("total or subtotal row", "ligne de total ou de sous-total"),
    "reason.placeholder_customer": (
        "customer id that stands for nobody, no e-mail",
        "identifiant client qui ne désigne personne (ex. « 0 », « inconnu »), sans e-mail",
    ),
    # What a row means, from its status (``lifecycle.reading.statuses``).
    "meaning.purchase": ("purchase", "achat"),
    "meaning.return": (
        "return or refund",
        "retour ou remboursement",
    ),
    "meaning.cancelled": ("cancelled", "annulé"),
    "meaning.open": ("open", "en cours"),
    "source.known": (
        "recognised label",
        "libellé reconnu",
    ),
    "source.platform": (
        "the platform's own label",
        "libellé standard de la plateforme",
    ),
    "source.chosen": ("your choice", "votre choix"),
    "source.unknown": (
        "unknown status: counted as a purchase",
        "statut inconnu : compté comme achat",
    ),
    # The platforms whose exports are recognised (``lifecycle.reading.platforms``).
    "platform.shopify_orders": ("a Shopify orders export", "un export de commandes Shopify"),
    "platform.woocommerce_orders": ("a WooCommerce orders export", "un export de commandes WooCommerce"),
    "platform.woocommerce_analytics": (
        "a WooCommerce Analytics orders download",
        "un export des commandes de WooCommerce Analytics",
    ),
    "platform.stripe_payments": ("a Stripe payments export", "un export de paiements Stripe"),
    "platform.hubspot_deals": (
        "a HubSpot deals export",
        "un export d'affaires HubSpot (« Transactions »)",
    ),
    "platform.hubspot_contacts": ("a HubSpot contacts export", "un export de contacts HubSpot"),
    "platform.salesforce_opportunities": (
        "a Salesforce opportunities report",
        "un rapport d'opportunités Salesforce",
    ),
    "platform.pipedrive_deals": ("a Pipedrive deals export", "un export d'affaires Pipedrive"),
    "platform.prestashop_orders": ("a PrestaShop orders export", "un export de commandes PrestaShop"),
    "platform.odoo_orders": ("an Odoo sales orders export", "un export de commandes de vente Odoo"),
    "platform.mailchimp_audience": ("a Mailchimp audience export", "un export d'audience Mailchimp"),
    "understood.recognised": (
        "File recognised: {platform}.",
        "Fichier reconnu : {platform}.",
    ),
    "understood.sentence": (
        "{units} from {customers} ({by}), {first} – {last}; {rest}.",
        "{units} de {customers} ({by}), du {first} au {last} ; {rest}.",
    ),
    "understood.orders": ("{n} orders", "{n} commandes"),
    "understood.orders.1": ("1 order", "1 commande"),
    "understood.payments": ("{n} payments", "{n} paiements"),
    "understood.payments.1": ("1 payment", "1 paiement"),
    "understood.deals": ("{n} deals", "{n} affaires"),
    "understood.deals.1": ("1 deal", "1 affaire"),
    "understood.invoices": (
        "{n} invoices",
        "{n} factures",
    ),
    "understood.invoices.1": (
        "1 invoice",
        "1 facture",
    ),
    "understood.rows": ("{n} rows", "{n} lignes"),
    "understood.rows.1": ("1 row", "1 ligne"),
    "understood.customer_rows": (
        "{n} customers, one row each ({by}): first purchases from {first}, last purchases up to {last}.",
        "{n} fiches, une ligne chacune ({by}) : premiers achats à partir du {first}, derniers achats jusqu'au {last}.",
    ),
    "understood.customer_rows.1": (
        "1 customer, one row ({by}): first purchase {first}, last purchase {last}.",
        "1 fiche, une ligne ({by}) : premier achat le {first}, dernier achat le {last}.",
    ),
    "understood.customers": (
        "{n} customers",
        "{n} fiches",
    ),
    "understood.customers.1": (
        "1 customer",
        "1 fiche",
    ),
    "understood.key_email": (
        "identified by e-mail",
        "identifiées par e-mail",
    ),
    "understood.key_column": (
        "identified by “{column}”",
        "identifiées par « {column} »",
    ),
    "understood.key_name": (
        "identified by name, “{column}”",
        "identifiées par le nom (« {column} »)",
    ),
    "understood.key_values": (
        "identified by the codes of “{column}”",
        "identifiées par les codes de « {column} »",
    ),
    "understood.purchase": ("{n} purchases", "{n} achats"),
    "understood.purchase.1": ("1 purchase", "1 achat"),
    "understood.return": (
        "{n} returns or refunds",
        "{n} retours ou remboursements",
    ),
    "understood.return.1": (
        "1 return or refund",
        "1 retour ou remboursement",
    ),
    "understood.cancelled": (
        "{n} cancelled",
        "{n} annulations",
    ),
    "understood.cancelled.1": (
        "1 cancelled",
        "1 annulation",
    ),
    "understood.open": ("{n} open", "{n} en cours"),
    "understood.not_purchases": (
        "; not counted as purchases: {items}",
        " ; non comptés comme achats : {items}",
    ),
    "warn.all_once": (
        "Each of the {n} values of “{column}” appears on one purchase only, while {repeated} of the {values} values of “{other}” come back on several purchases: “{column}” may identify the order or the payment rather than the customer; if so, pick “{other}” as the customer id on the Data page",
        "Chacun des {n} identifiants de « {column} » n'apparaît que sur un seul achat, alors que {repeated} des {values} valeurs de « {other} » reviennent sur plusieurs achats : « {column} » identifie peut-être la commande ou le paiement plutôt que le client ; dans ce cas, choisissez « {other} » comme identifiant client sur la page Données",
    ),
    # Why a column holds a role (the Data page), or why it was set aside as the customer.
    "why.platform": (
        "the standard column of {platform}",
        "colonne standard pour {platform}",
    ),
    "why.header": (
        "from the column's name",
        "d'après le nom de la colonne",
    ),
    "why.header_fallback": (
        "no other date: the payment date serves as the order date",
        "pas d'autre date : la date de paiement sert de date de commande",
    ),
    "why.header_repeats": (
        "its name designates the customer; {repeated} of its {n} values come back on several rows",
        "son nom désigne le client ; {repeated} de ses {n} valeurs reviennent sur plusieurs lignes",
    ),
    "why.email": (
        "no column names the customer: the e-mail identifies them",
        "aucune colonne ne désigne le client : l'e-mail l'identifie",
    ),
    "why.values_key": (
        "no header names the customer: its values look like customer codes ({n} codes, {per} rows per code on average)",
        "aucun en-tête ne désigne le client : ses valeurs ressemblent à des codes clients ({n} codes, {per} lignes par code en moyenne)",
    ),
    "why.name": (
        "no id or e-mail: the name identifies the customer (homonyms are merged)",
        "ni identifiant ni e-mail : le nom identifie le client (les homonymes sont confondus)",
    ),
    "why.values_date": (
        "no header names the date: {share} of its values are dates",
        "aucun en-tête ne désigne la date : {share} de ses valeurs sont des dates",
    ),
    "why.values_order": ("its values are order numbers", "ses valeurs sont des numéros de commande"),
    "why.chosen": ("your choice", "votre choix"),
    "why.row_ids": (
        "“{column}”, whose values identify something else (payments, orders)",
        "« {column} », dont les valeurs identifient autre chose (paiements, commandes)",
    ),
    "why.unique_per_row": (
        "“{column}”, different on each of its {rows} rows: it identifies the order or the row",
        "« {column} », différente sur chacune de ses {rows} lignes : elle identifie la commande ou la ligne",
    ),
    "why.mostly_blank": (
        "“{column}”, filled on only {filled} of {rows} rows",
        "« {column} », remplie sur seulement {filled} lignes sur {rows}",
    ),
    "warn.keyed_by_email": (
        "{n} rows have no customer in “{column}”: they are keyed by the e-mail of column “{email}” (joined to an existing customer: {matched}; rejected for want of an e-mail: {left})",
        "{n} lignes n'ont pas de client dans « {column} » : elles sont rattachées au client par l'e-mail de la colonne « {email} » (rattachées à un client existant : {matched} ; rejetées faute d'e-mail : {left})",
    ),
    "warn.keyed_by_email.1": (
        "1 row has no customer in “{column}”: it is keyed by the e-mail of column “{email}” (joined to an existing customer: {matched})",
        "1 ligne n'a pas de client dans « {column} » : elle est rattachée au client par l'e-mail de la colonne « {email} » (rattachée à un client existant : {matched})",
    ),
    "warn.keyed_by_email_placeholders": (
        "{n} rows have no customer in “{column}”, or a value there that stands for nobody ({values}): they are keyed by the e-mail of column “{email}” (joined to an existing customer: {matched}; rejected for want of an e-mail: {left})",
        "{n} lignes n'ont pas de client dans « {column} », ou une valeur qui n'y désigne personne ({values}) : elles sont rattachées au client par l'e-mail de la colonne « {email} » (rattachées à un client existant : {matched} ; rejetées faute d'e-mail : {left})",
    ),
    "warn.placeholders": (
        "{n} rows carry a customer value that stands for nobody in “{column}” ({values}): rejected, since there is no e-mail to key them by",
        "{n} lignes portent dans « {column} » une valeur qui ne désigne personne ({values}) : rejetées, faute d'e-mail pour les rattacher",
    ),
    "warn.placeholders.1": (
        "1 row carries a customer value that stands for nobody in “{column}” ({values}): rejected, since there is no e-mail to key it by",
        "1 ligne porte dans « {column} » une valeur qui ne désigne personne ({values}) : rejetée, faute d'e-mail pour la rattacher",
    ),
    "warn.order_lines": (
        "{n} lines complete an order whose first line alone is filled in ({orders} orders on several lines, found by “{order}”): the values {columns} of its first line hold for all its lines",
        "{n} lignes complètent une commande dont seule la première ligne est entièrement renseignée ({orders} commandes sur plusieurs lignes, repérées par « {order} ») : les valeurs {columns} de la première ligne valent pour toutes ses lignes",
    ),
    "warn.order_totals": (
        "{columns} give the order's total, written once or repeated on each line ({orders} orders on several lines, found by “{order}”): it counts once per order",
        "{columns} donnent le total de la commande, inscrit une seule fois ou répété sur chaque ligne ({orders} commandes sur plusieurs lignes, repérées par « {order} ») : il est compté une fois par commande",
    ),
    "warn.unknown_status": (
        "{n} rows have an unrecognised status in “{column}”: {values}. They count as purchases; if they are not, change their meaning on the Data page",
        "{n} lignes ont dans « {column} » un statut non reconnu : {values}. Elles comptent comme des achats ; si ce ne sont pas des achats, changez leur signification sur la page Données",
    ),
    "warn.unknown_status.1": (
        "1 row has an unrecognised status in “{column}”: {values}. It counts as a purchase; if it is not, change its meaning on the Data page",
        "1 ligne a dans « {column} » un statut non reconnu : {values}. Elle compte comme un achat ; si ce n'est pas un achat, changez sa signification sur la page Données",
    ),
    "warn.unmatched_meanings": (
        "{n} values given a meaning are not among the statuses of “{column}”: {values}",
        "{n} valeurs auxquelles une signification a été donnée ne figurent pas parmi les statuts de « {column} » : {values}",
    ),
    "warn.unmatched_meanings.1": (
        "1 value given a meaning is not among the statuses of “{column}”: {values}",
        "1 valeur à laquelle une signification a été donnée ne figure pas parmi les statuts de « {column} » : {values}",
    ),
    "warn.file_prospects": (
        "{n} customers of the file have only cancelled or open rows, no purchase: they are prospects",
        "{n} fiches n'ont que des lignes annulées ou en cours, sans aucun achat : ce sont des prospects",
    ),
    "warn.file_prospects.1": (
        "1 customer of the file has only cancelled or open rows, no purchase: a prospect",
        "1 fiche n'a que des lignes annulées ou en cours, sans aucun achat : c'est un prospect",
    ),
    "warn.exact_duplicates": (
        "{n} rows are identical in every column to an earlier row (rows {rows}): kept, since two identical rows can be genuine; remove them from the file if it was exported twice",
        "{n} lignes sont identiques, dans toutes les colonnes, à une ligne déjà lue (lignes {rows}) : elles sont conservées, car deux lignes identiques peuvent être légitimes ; supprimez-les du fichier s'il a été exporté deux fois",
    ),
    "warn.exact_duplicates.1": (
        "1 row is identical in every column to an earlier row (row {rows}): kept, since two identical rows can be genuine; remove it from the file if it was exported twice",
        "1 ligne est identique, dans toutes les colonnes, à une ligne déjà lue (ligne {rows}) : elle est conservée, car deux lignes identiques peuvent être légitimes ; supprimez-la du fichier s'il a été exporté deux fois",
    ),
    "warn.key_email": (
        "No customer id column: the e-mail in column “{column}” identifies the customer (customers: {n}; e-mails compared in lower case and without surrounding spaces, variants merged: {merged})",
        "Pas de colonne d'identifiant client : l'e-mail de la colonne « {column} » identifie le client (fiches : {n} ; e-mails comparés en minuscules et sans les espaces de début et de fin, variantes fusionnées : {merged})",
    ),
    "warn.key_name": (
        "No customer id or e-mail column: the name in column “{column}” identifies the customer (customers: {n}). Two people with the same name count as one: pick an id column if the file has one",
        "Pas de colonne d'identifiant client ni d'e-mail : le nom figurant dans la colonne « {column} » identifie le client (fiches : {n}). Deux personnes homonymes ne forment qu'une fiche : choisissez une colonne d'identifiant si le fichier en a une",
    ),
    "warn.key_values": (
        "The header of “{column}” does not say it holds the customer: its values are read as customer codes (distinct codes: {n}; rows per code on average: {per}). Pick another column on the Data page if this one is wrong",
        "L'en-tête de « {column} » n'indique pas qu'il s'agit du client : ses valeurs sont lues comme des codes clients (codes distincts : {n} ; lignes par code en moyenne : {per}). Choisissez une autre colonne sur la page Données si ce n'est pas la bonne",
    ),
    "warn.sheets_skipped": (
        "Sheets left out because their columns differ from those of sheet “{first}”, or they are empty: {sheets}",
        "Feuilles laissées de côté car leurs colonnes diffèrent de celles de la feuille « {first} », ou car elles sont vides : {sheets}",
    ),
    "warn.sheets_skipped.1": (
        "Sheet left out because its columns differ from those of sheet “{first}”, or it is empty: {sheets}",
        "Feuille laissée de côté car ses colonnes diffèrent de celles de la feuille « {first} », ou car elle est vide : {sheets}",
    ),
    "warn.returns": (
        "{n} purchases (one per customer and day) have a net amount of zero or less (returns): netted into money totals, not counted as purchases",
        "{n} achats ont un montant net nul ou négatif (des retours) : déduits des montants, non comptés comme achats",
    ),
    "warn.returns.1": (
        "1 purchase (one per customer and day) has a net amount of zero or less (a return): netted into money totals, not counted as a purchase",
        "1 achat a un montant net nul ou négatif (un retour) : déduit des montants, non compté comme achat",
    ),
    "warn.returns_only": (
        "{n} customers have returns only: reported, not classified",
        "{n} fiches n'ont que des retours : signalées, non classées",
    ),
    "warn.returns_only.1": (
        "1 customer has returns only: reported, not classified",
        "1 fiche n'a que des retours : signalée, non classée",
    ),
    "warn.ids_invisible": (
        "Customer ids with an invisible character (a zero-width space or a direction mark) such as {examples} (rows: {n}; {rows}): the character was removed, since no one types it on purpose, so that such an id is the same customer as the id without it",
        "Identifiants clients contenant un caractère invisible (espace sans largeur ou marque de direction) comme {examples} (lignes : {n} ; {rows}) : le caractère a été retiré, puisque personne ne le tape volontairement, pour qu'un tel identifiant désigne la même fiche que l'identifiant sans ce caractère",
    ),
    "warn.ids_lookalike": (
        "Customer ids that differ from another id only by characters of another width or form, such as {examples} (ids: {ids}; rows: {n}): kept apart, since they may be two customers; write them the same way in the file if they are one",
        "Identifiants clients qui ne diffèrent d'un autre que par des caractères d'une autre largeur ou d'une autre forme, comme {examples} (identifiants : {ids} ; lignes : {n}) : gardés distincts, car il peut s'agir de deux personnes ; écrivez-les de la même façon dans le fichier s'il s'agit de la même personne",
    ),
    "warn.ids_control": (
        "{n} rows have a customer id with a control character (tab, line break…) such as {examples} (rows {rows}): kept as written, so such an id is not the same customer as the id without it",
        "{n} lignes ont un identifiant client contenant un caractère de contrôle (tabulation, saut de ligne…) comme {examples} (lignes {rows}) : conservé tel quel, un tel identifiant ne désigne donc pas la même fiche que l'identifiant sans ce caractère",
    ),
    "warn.ids_control.1": (
        "1 row has a customer id with a control character (tab, line break…) such as {examples} (row {rows}): kept as written, so it is not the same customer as the id without it",
        "1 ligne a un identifiant client contenant un caractère de contrôle (tabulation, saut de ligne…) comme {examples} (ligne {rows}) : conservé tel quel, il ne désigne donc pas la même fiche que l'identifiant sans ce caractère",
    ),
    "warn.id_variants": (
        "{n} customer ids differ from another only by case or spaces (e.g. {examples}): they are counted as different customers",
        "{n} identifiants clients ne diffèrent d'un autre que par la casse ou les espaces (ex. {examples}) : ils sont comptés comme des fiches différentes",
    ),
    "warn.id_variants.1": (
        "1 customer id differs from another only by case or spaces (e.g. {examples}): they are counted as different customers",
        "1 identifiant client ne diffère d'un autre que par la casse ou les espaces (ex. {examples}) : ils sont comptés comme deux fiches différentes",
    ),
    "warn.ids_trimmed": (
        "{n} rows have spaces around the customer id (e.g. {examples}): the spaces are removed, so “A1 ” and “A1” count as one customer",
        "{n} lignes ont des espaces autour de l'identifiant client (ex. {examples}) : ces espaces sont supprimés, donc « A1 » avec ou sans espace ne forme qu'une seule fiche",
    ),
    "warn.ids_trimmed.1": (
        "1 row has spaces around the customer id (e.g. {examples}): the spaces are removed, so “A1 ” and “A1” count as one customer",
        "1 ligne a des espaces autour de l'identifiant client (ex. {examples}) : ces espaces sont supprimés, donc « A1 » avec ou sans espace ne forme qu'une seule fiche",
    ),
    "warn.duplicate_emails": (
        "{n} e-mails are shared by several customer ids (e.g. {examples}): one customer should be one record",
        "{n} e-mails sont partagés par plusieurs identifiants clients (ex. {examples}) : une personne doit correspondre à une seule fiche",
    ),
    "warn.duplicate_emails.1": (
        "1 e-mail is shared by several customer ids (e.g. {examples}): one customer should be one record",
        "1 e-mail est partagé par plusieurs identifiants clients (ex. {examples}) : une personne doit correspondre à une seule fiche",
    ),
    "warn.duplicate_customers": (
        "{n} customer ids appear on several rows of a one-row-per-customer file: their rows are merged (earliest first purchase, latest last purchase, orders and amounts added up)",
        "{n} identifiants clients apparaissent sur plusieurs lignes d'un fichier à une ligne par client : leurs lignes sont fusionnées (premier achat le plus ancien, dernier le plus récent, commandes et montants additionnés)",
    ),
    "warn.duplicate_customers.1": (
        "1 customer id appears on several rows of a one-row-per-customer file: its rows are merged (earliest first purchase, latest last purchase, orders and amounts added up)",
        "1 identifiant client apparaît sur plusieurs lignes d'un fichier à une ligne par client : ses lignes sont fusionnées (premier achat le plus ancien, dernier le plus récent, commandes et montants additionnés)",
    ),
    "warn.ambiguous_dates": (
        "Column “{column}”: dates like 03/04/2024 could be day-first or month-first; read as {order} (choose the other order if wrong)",
        "Colonne « {column} » : des dates comme 03/04/2024 peuvent se lire jour/mois ou mois/jour ; elles ont été lues en {order} (choisissez l'autre ordre si c'est inexact)",
    ),
    "warn.ambiguous_numbers": (
        "Column “{column}”: {n} values like 1,234 could use either decimal separator; read with “{decimal}” as decimal separator",
        "Colonne « {column} » : {n} valeurs comme 1,234 peuvent se lire de deux façons (séparateur décimal ou de milliers) ; elles ont été lues avec « {decimal} » comme séparateur décimal",
    ),
    "warn.ambiguous_numbers.1": (
        "Column “{column}”: 1 value like 1,234 could use either decimal separator; read with “{decimal}” as decimal separator",
        "Colonne « {column} » : 1 valeur comme 1,234 peut se lire de deux façons (séparateur décimal ou de milliers) ; elle a été lue avec « {decimal} » comme séparateur décimal",
    ),
    "warn.bad_opt_out_date": (
        "Column “{column}”: {n} opt-out dates cannot be read (e.g. {examples}): those customers count as opted out from the as-of date",
        "Colonne « {column} » : {n} dates de désinscription illisibles (ex. {examples}) : ces fiches comptent comme désinscrites à la date d'observation",
    ),
    "warn.bad_opt_out_date.1": (
        "Column “{column}”: 1 opt-out date cannot be read (e.g. {examples}): that customer counts as opted out from the as-of date",
        "Colonne « {column} » : 1 date de désinscription illisible (ex. {examples}) : cette fiche compte comme désinscrite à la date d'observation",
    ),
    "which.new_months": ("new", "nouveau"),
    "which.active_months": ("active", "actif"),
    "which.client_months": ("client window", "fenêtre client"),
    "period.month": ("month", "mois"),
    "period.quarter": ("quarter", "trimestre"),
    "period.year": ("year", "année"),
    "order.dayfirst": ("day/month/year", "jour/mois/année"),
    "order.monthfirst": ("month/day/year", "mois/jour/année"),
    "order.iso": ("year-month-day", "année-mois-jour"),
    "def.client": (
        "A client is a buyer whose last purchase is within the last {client} months (as of {as_of}).",
        "Est client tout acheteur dont le dernier achat a eu lieu il y a moins de {client} mois (au {as_of}).",
    ),
    "def.stages": (
        "New: first purchase within {new} months. Reactivated: bought within {new} months after more than {active} months without buying. Active: bought within {active} months. Dormant: last purchase {active} to {client} months ago. Lost: no purchase for more than {client} months.",
        "Nouveau : premier achat il y a moins de {new} mois. Réactivé : a racheté il y a moins de {new} mois après plus de {active} mois sans achat. Actif : a acheté il y a moins de {active} mois. Dormant : dernier achat il y a entre {active} et {client} mois. Perdu : aucun achat depuis plus de {client} mois.",
    ),
    "def.min_amount": (
        "A buyer who spent less than {amount} (net) within the client window is not a client: counted apart as below the minimum spend, neither a client nor lost.",
        "Un acheteur qui a dépensé moins de {amount} (net) sur la fenêtre client n'est pas client : compté à part, sous le montant minimum, ni client ni perdu.",
    ),
    "def.own_rhythm": (
        "A buyer with at least 3 purchases is lost only when the time since the last purchase also exceeds {multiple} times their usual (median) time between two purchases.",
        "Un acheteur ayant au moins 3 achats n'est perdu que si le temps écoulé depuis son dernier achat dépasse aussi {multiple} fois son délai habituel (médian) entre deux achats.",
    ),
    "def.opt_out": (
        "A customer who opted out counts as lost from the opt-out date (from the as-of date when the file gives no date).",
        "Toute personne désinscrite compte comme perdue à partir de sa date de désinscription (à la date d'observation si le fichier n'en donne pas).",
    ),
    "def.short": (
        "Client = bought within {client} months",
        "Client = au moins un achat dans les {client} derniers mois",
    ),
    "suggest.text": (
        "Repeat buyers usually buy again every {median} days (median time between two purchases; 90% are under {p90} days). Suggested: active = about 3 × that time = {active} months; client window = {client} months (covers {coverage} of observed gaps and at least twice the active threshold).",
        "Les acheteurs qui rachètent le font en général tous les {median} jours (délai médian entre deux achats ; 90 % des délais sont inférieurs à {p90} jours). Suggestion : actif = environ 3 × ce délai = {active} mois ; fenêtre client = {client} mois (couvre {coverage} des délais observés et au moins deux fois le seuil actif).",
    ),
    "suggest.none": (
        "Too few repeat purchases to suggest thresholds ({n} gaps between purchases; at least 20 needed).",
        "Trop peu de rachats pour suggérer des seuils ({n} délais entre achats ; au moins 20 requis).",
    ),
    "unavailable.history": (
        "not available: the file has one row per customer, without purchase history",
        "indisponible : le fichier a une ligne par client, sans historique d'achats",
    ),
    "unavailable.segment": ("not available: no segment column", "indisponible : pas de colonne de segment"),
    "unavailable.amount": ("not available: no amount column", "indisponible : pas de colonne de montant"),
    # ---------------------------------------------------------------- Charts
    "chart.funnel.title": ("Customer life cycle", "Cycle de vie client"),
    "chart.value.note": (
        "Model learnt from purchases from {start} to {end}; forecast over {horizon} months, future value brought back to today at {discount} a year, margin {margin}.",
        "Modèle calculé sur les achats du {start} au {end} ; prévision sur {horizon} mois, valeur future ramenée à aujourd'hui au taux de {discount} par an, marge {margin}.",
    ),
    "chart.alive.title": (
        "Still buying? The model's view of each stage",
        "Encore acheteur ? L'avis du modèle sur chaque étape",
    ),
    "chart.alive.legend": (
        "Probability of still buying (BG/NBD): bar = the middle half of the stage's customers, tick = median, dot = mean.",
        "Probabilité d'être encore acheteur (modèle BG/NBD) : la barre couvre la moitié des clients de l'étape autour de la médiane ; trait = médiane, point = moyenne.",
    ),
    "chart.alive.once": (
        "In this model, a one-time buyer counts as still buying.",
        "Dans ce modèle, un acheteur d'une seule fois compte comme encore acheteur.",
    ),
    "chart.alive.axis": ("Probability of still buying", "Probabilité d'être encore acheteur"),
    "chart.alive.likely": ("{n} of {of} likely still buying", "{n} sur {of} probablement encore acheteurs"),
    "chart.alive.likely_title": ("Likely still buying (50% or more)", "Probablement encore acheteurs (50 % ou plus)"),
    "chart.alive.mean": ("Mean probability", "Probabilité moyenne"),
    "chart.calib.title": ("Can the model be trusted on this data?", "Peut-on se fier au modèle sur ces données ?"),
    "chart.calib.legend": (
        "The model learns from purchases from {start} to {end}, then predicts the next {months} months, compared with what actually happened. Total error: {error}.",
        "Le modèle apprend sur les achats du {start} au {end}, puis prévoit les {months} mois suivants ; on compare avec ce qui s'est réellement passé. Écart total : {error}.",
    ),
    "chart.calib.note": (
        "Several purchases on one day count as one. These are numbers of purchases, not money: no margin, no discounting.",
        "Plusieurs achats le même jour comptent pour un. On compte ici des achats, pas des euros : ni marge ni actualisation.",
    ),
    "chart.calib.actual": ("What happened", "Réalisé"),
    "chart.calib.predicted": ("Predicted", "Prévu"),
    "chart.calib.x": (
        "Repeat purchases during the learning period",
        "Nombre de rachats pendant la période d'apprentissage",
    ),
    "chart.calib.y": (
        "Purchases per buyer in the next {months} months",
        "Achats par acheteur sur les {months} mois suivants",
    ),
    "chart.calib.customers": ("Buyers", "Acheteurs"),
    "chart.funnel.count": ("Count", "Nombre"),
    "chart.funnel.once": ("of which {n} bought once", "dont {n} n'ayant acheté qu'une fois"),
    "chart.funnel.once_note": (
        "Lighter part of the active and dormant bars: clients with one purchase only.",
        "Partie claire des barres actifs et dormants : clients d'un seul achat.",
    ),
    "chart.funnel.share": ("Share", "Part"),
    "chart.funnel.zone": ("Zone", "Zone"),
    "chart.funnel.legend": (
        "Cool colours: opportunity (develop, up-sell, cross-sell). Warm colours: risk (reactivate, win back).",
        "Couleurs froides : opportunité (développer, monter en gamme, vente croisée). Couleurs chaudes : risque (réactiver, reconquérir).",
    ),
    "chart.funnel.share_note": (
        "New, active, reactivated and dormant: % of clients. Lost (and below the minimum spend): % of all buyers.",
        "Nouveaux, actifs, réactivés et dormants : en % des clients. Perdus (et sous le montant minimum) : en % de tous les acheteurs.",
    ),
    "chart.stage": ("Stage", "Étape"),
    "chart.segment": ("Segment", "Segment"),
    "chart.segments.title": ("Segments side by side", "Les segments côte à côte"),
    "chart.segments.note": (
        "Each bar splits a group's clients by stage (shares of its clients, as in the stage chart).",
        "Chaque barre répartit les clients d'un groupe par étape (en % de ses clients, comme dans la répartition par étape).",
    ),
    "chart.segments.note2": (
        "The five largest segments by buyers, the others pooled; all buyers last. Lost: share of buyers.",
        "Les cinq plus grands segments en nombre d'acheteurs, les autres regroupés ; tous les acheteurs en dernier. "
        "Perdus : part des acheteurs.",
    ),
    "chart.funnel.panel": ("{name}: {n} clients", "{name} : {n} clients"),
    "chart.funnel.panel.1": ("{name}: 1 client", "{name} : 1 client"),
    "chart.whatif.title": ("Scenario A against scenario B", "Scénario A comparé au scénario B"),
    "chart.whatif.a": ("A (current)", "A (actuel)"),
    "chart.whatif.b": ("B", "B"),
    "chart.whatif.scenario": ("Scenario", "Scénario"),
    "chart.whatif.def": (
        "{s}: new {new} months · active {active} months · client window {client} months",
        "{s} : nouveau {new} mois · actif {active} mois · fenêtre client {client} mois",
    ),
    "chart.whatif.same": (
        "Everything else as in the definition above. Pale bars: A; full colour: B.",
        "Autres réglages identiques à la définition ci-dessus. Barres pâles : A ; barres pleines : B.",
    ),
    "chart.whatif.total": (
        "Total clients: {a} under A, {b} under B ({diff}).",
        "Total des clients : {a} avec A, {b} avec B ({diff}).",
    ),
    "chart.whatif.diff": ("B − A", "B − A"),
    "chart.segments.x": ("Share of the group's clients", "Part des clients du groupe"),
    "chart.segments.side": ("{n} clients · {lost} lost", "{n} clients · {lost} perdus"),
    "chart.segments.side.1": ("1 client · {lost} lost", "1 client · {lost} perdus"),
    "segments.none": ("(no segment)", "(sans segment)"),
    "segments.other": ("Other segments ({n})", "Autres segments ({n})"),
    "segments.all": ("All buyers", "Tous les acheteurs"),
    "chart.bridge.title": (
        "Portfolio balance: clients won and lost",
        "Équilibre du portefeuille : clients gagnés et perdus",
    ),
    "chart.bridge.start": ("Clients on {date}", "Clients au {date}"),
    "chart.bridge.end": ("Clients on {date}", "Clients au {date}"),
    "chart.bridge.new": ("+ new", "+ nouveaux"),
    "chart.bridge.won_back": ("+ won back", "+ reconquis"),
    "chart.bridge.lost": ("− lost", "− perdus"),
    "chart.bridge.step": ("Step", "Étape"),
    "chart.bridge.note": (
        "New: clients for the first time. Won back: clients again after having been lost. Lost: no longer clients at the end of the period.",
        "Nouveaux : clients pour la première fois. Reconquis : redevenus clients après avoir été perdus. Perdus : ne sont plus clients en fin de période.",
    ),
    "chart.no_loss_note": (
        "Shaded: the file starts on {first} and a client is lost only after {client} months without buying, so no loss can show before {date}.",
        "En grisé : le fichier commence le {first} et un client n'est perdu qu'après {client} mois sans achat ; aucune perte ne peut donc apparaître avant le {date}.",
    ),
    "chart.no_loss_plain": (
        "The file starts on {first} and a client is lost only after {client} months without buying: no loss can show before {date}.",
        "Le fichier commence le {first} et un client n'est perdu qu'après {client} mois sans achat : aucune perte ne peut apparaître avant le {date}.",
    ),
    "chart.no_loss_yet": (
        "The file starts on {first}, less than {client} months ago: a client is lost only after {client} months without buying, so no loss can show yet (the first could come on {date}).",
        "Le fichier commence le {first}, il y a moins de {client} mois : un client n'est perdu qu'après {client} mois sans achat, aucune perte ne peut donc encore apparaître (la première pourrait apparaître le {date}).",
    ),
    "chart.opt_out_note": (
        "{n} customers opted out without a date: they count as lost on the as-of date, so all in the last period.",
        "{n} fiches désinscrites sans date : elles comptent comme perdues à la date d'observation, donc toutes dans la dernière période.",
    ),
    "chart.opt_out_note.1": (
        "1 customer opted out without a date: counted as lost on the as-of date, so in the last period.",
        "1 fiche désinscrite sans date : comptée comme perdue à la date d'observation, donc dans la dernière période.",
    ),
    "chart.bridge.clients": ("Clients", "Clients"),
    "chart.kpis.title_month": (
        "Activity, repurchase, basket and frequency, month by month",
        "Activité, rachat, panier et fréquence, mois par mois",
    ),
    "chart.kpis.title_half": (
        "Activity, repurchase, basket and frequency, half-year by half-year",
        "Activité, rachat, panier et fréquence, semestre par semestre",
    ),
    "chart.kpis.note": (
        "Each point is computed at its date as the indicator table computes it at the as-of date, over the 12 months up to that date.",
        "Chaque point est calculé à sa date comme le tableau des indicateurs le calcule à la date d'observation, sur les 12 mois précédant cette date.",
    ),
    "chart.kpis.indicator": ("Indicator", "Indicateur"),
    "chart.kpis.value": ("Value", "Valeur"),
    "chart.kpis.base": ("Base", "Base"),
    "chart.kpis.base_clients": ("{n} clients", "{n} clients"),
    "chart.kpis.base_clients.1": ("1 client", "1 client"),
    "chart.kpis.base_before": ("{n} clients 12 months before", "{n} clients 12 mois avant"),
    "chart.kpis.base_before.1": ("1 client 12 months before", "1 client 12 mois avant"),
    "chart.kpis.base_purchases": ("{n} purchase occasions in 12 months", "{n} achats sur 12 mois"),
    "chart.kpis.base_purchases.1": ("1 purchase occasion in 12 months", "1 achat sur 12 mois"),
    "chart.kpis.base_buyers": ("{n} buyers in 12 months", "{n} acheteurs sur 12 mois"),
    "chart.kpis.base_buyers.1": ("1 buyer in 12 months", "1 acheteur sur 12 mois"),
    "chart.flows.title": ("Clients won and lost per {period}", "Clients gagnés et perdus par {period}"),
    "chart.flows.period": ("Period end", "Fin de période"),
    "chart.flows.count": ("Clients", "Clients"),
    "chart.flows.flow": ("Flow", "Flux"),
    "chart.flows.quick": ("Won/lost ratio (quick ratio)", "Ratio gagnés / perdus"),
    "chart.flows.quick_note": (
        "Won/lost ratio = (new + won back) ÷ lost; above 1 the number of clients grows. Won back: a client again after having been lost.",
        "Ratio gagnés / perdus = (nouveaux + reconquis) ÷ perdus ; au-dessus de 1, le nombre de clients augmente. Reconquis : redevenu client après avoir été perdu.",
    ),
    "chart.money.title": ("Revenue won and lost per {period}", "Chiffre d'affaires gagné et perdu par {period}"),
    "chart.money.new": ("revenue of new clients", "CA des nouveaux clients"),
    "chart.money.lost": (
        "revenue of lost clients (their last 12 months)",
        "CA des clients perdus (sur leurs 12 derniers mois)",
    ),
    "chart.money.amount": ("Amount", "Montant"),
    "chart.history.title": ("Clients by stage, {period} by {period}", "Clients par étape, {period} par {period}"),
    "chart.history.note": (
        "Only clients are drawn: lost clients and buyers below the minimum spend are not clients.",
        "Seuls les clients sont représentés : les clients perdus et les acheteurs sous le montant minimum ne sont pas clients.",
    ),
    "chart.transitions.risk": (
        "In orange, the moves towards dormant or lost: the risk; in blue, the others.",
        "En orange, les passages vers dormant ou perdu : le risque ; en bleu, les autres.",
    ),
    "chart.transitions.title": ("Where buyers went: {a} → {b}", "Ce que sont devenus les acheteurs : {a} → {b}"),
    "chart.transitions.from": ("Stage on {date}", "Étape au {date}"),
    "chart.transitions.to": ("Stage on {date}", "Étape au {date}"),
    "chart.transitions.row_share": ("Share of the starting stage", "% de l'étape de départ"),
    "chart.transitions.not_yet": ("no purchase yet", "pas encore acheteur"),
    "chart.gaps.title": ("Time between two purchases, with the thresholds", "Délai entre deux achats, avec les seuils"),
    "chart.gaps.months": ("Months between two consecutive purchases", "Mois entre deux achats consécutifs"),
    "chart.gaps.count": ("Number of gaps", "Nombre de délais observés"),
    "chart.gaps.none": ("No repeat purchases to draw.", "Aucun rachat à représenter."),
    "chart.thr.new": ("new: {n} months", "nouveau : {n} mois"),
    "chart.thr.active": ("active: {n} months", "actif : {n} mois"),
    "chart.thr.client": ("client window: {n} months", "fenêtre client : {n} mois"),
    "chart.sens.title": (
        "How the stages move as the “{which}” threshold slides",
        "Effet du seuil « {which} » sur les étapes",
    ),
    "chart.sens.months": ("{which} threshold (months)", "Seuil « {which} » (mois)"),
    "chart.sens.count": ("Count", "Nombre"),
    "chart.facts.clients": ("Total clients: {n}", "Nombre total de clients : {n}"),
    "chart.facts.headline": ("{n} clients on {date}", "{n} clients au {date}"),
    "chart.facts.headline.1": ("1 client on {date}", "1 client au {date}"),
    "chart.facts.period": ("Period: {a} – {b}, as of {c}", "Période : {a} – {b}, au {c}"),
    "chart.facts.source": ("Source: {file} · Exported on {date}", "Source : {file} · Exporté le {date}"),
    "chart.facts.segment": ("Segment: {segment} only", "Segment : {segment} seulement"),
    # ---------------------------------------------------------------- Exports: workbook, card
    "export.title": ("Customer life cycle", "Cycle de vie client"),
    "export.definition": ("Definition of a client", "Définition d'un client"),
    "export.clients": ("Total clients", "Nombre total de clients"),
    "export.period": ("Period", "Période"),
    "export.as_of": ("As-of date", "Date d'observation"),
    "export.source": ("Source", "Source"),
    "export.exported": ("Exported on", "Exporté le"),
    "export.stage": ("Stage", "Étape"),
    "export.count": ("Count", "Nombre"),
    "export.share": ("Share", "Part"),
    "export.rule": ("Rule", "Règle"),
    "export.action": ("Suggested action", "Action suggérée"),
    "export.kpi": ("Indicator", "Indicateur"),
    "export.value": ("Value", "Valeur"),
    "export.kpi_definition": ("Definition", "Définition"),
    "export.customer": ("Customer id", "Identifiant client"),
    "export.name": ("Name", "Nom"),
    "export.email": ("E-mail", "E-mail"),
    "export.segment": ("Segment", "Segment"),
    "export.first": ("First purchase", "Premier achat"),
    "export.last": ("Last purchase", "Dernier achat"),
    "export.occasions": ("Purchase occasions", "Achats"),
    "export.amount": ("Net amount", "Montant net"),
    "export.value_12": (
        "Net amount, last 12 months",
        "Montant net, 12 derniers mois",
    ),
    "export.value_24": (
        "Net amount, last 24 months",
        "Montant net, 24 derniers mois",
    ),
    "export.value_36": (
        "Net amount, last 36 months",
        "Montant net, 36 derniers mois",
    ),
    "export.p_alive": ("Probability of still buying (model)", "Probabilité d'être encore acheteur (modèle)"),
    "export.expected_purchases": (
        "Purchases expected in the next {months} months (model)",
        "Achats attendus sur les {months} prochains mois (modèle)",
    ),
    "export.expected_value_12": (
        "Value expected over the next 12 months (model)",
        "Valeur attendue sur les 12 prochains mois (modèle)",
    ),
    "export.col.segment": ("Segment", "Segment"),
    "export.col.period_end": ("Period end", "Fin de période"),
    "export.col.clients_start": ("Clients at start", "Clients au début"),
    "export.col.new": ("New", "Nouveaux"),
    "export.col.won_back": ("Won back", "Reconquis"),
    "export.col.lost": ("Lost", "Perdus"),
    "export.col.clients_end": ("Clients at end", "Clients à la fin"),
    "export.col.quick_ratio": ("Won/lost ratio", "Ratio gagnés / perdus"),
    "export.col.new_revenue": ("Revenue of new clients", "CA des nouveaux clients"),
    "export.col.lost_revenue": (
        "Revenue lost (their last 12 months)",
        "CA des clients perdus (sur leurs 12 derniers mois)",
    ),
    "export.sheet.summary": ("Summary", "Synthèse"),
    "export.sheet.customers": ("Customers", "Fiches clients"),
    "export.sheet.definitions": ("Definitions", "Définitions"),
    "export.sheet.kpis": ("KPIs", "Indicateurs"),
    "export.sheet.balance": ("Won and lost", "Gains et pertes"),
    "export.sheet.rows": ("Row check", "Contrôle des lignes"),
    "export.sheet.cohorts": ("Cohorts", "Cohortes"),
    "export.sheet.kpi_series": ("KPIs over time", "Indicateurs dans le temps"),
    "export.kpi_series.note": (
        "At each month end and at the as-of date, the four indicators computed as on the KPIs sheet, over the 12 months up to that date.",
        "À chaque fin de mois et à la date d'observation, les quatre indicateurs sont calculés comme dans la feuille Indicateurs, sur les 12 mois précédant cette date.",
    ),
    "export.series.clients": ("Clients", "Clients"),
    "export.series.clients_year_before": ("Clients 12 months before", "Clients 12 mois avant"),
    "export.series.purchases": ("Purchase occasions, 12 months", "Achats sur 12 mois"),
    "export.series.buyers": ("Buyers, 12 months", "Acheteurs sur 12 mois"),
    "export.base": ("Base (number counted)", "Base de calcul (nombre)"),
    "export.cohort": ("Cohort (first purchase)", "Cohorte (premier achat)"),
    "export.acquired": ("New buyers", "Nouveaux acheteurs"),
    "export.old": ("Buyers with {m} months of history", "Acheteurs avec {m} mois de recul"),
    "export.mean_first": ("First {m} months: mean", "{m} premiers mois : moyenne"),
    "export.median_first": ("First {m} months: median", "{m} premiers mois : médiane"),
    "export.rows.read": ("Rows read", "Lignes lues"),
    "export.rows.used": ("Rows used", "Lignes utilisées"),
    "export.rows.rejected": ("Rows rejected", "Lignes rejetées"),
    "export.rows.after": ("Rows after the as-of date", "Lignes postérieures à la date d'observation"),
    "export.rows.row": ("Row", "Ligne"),
    "export.first_contact": ("First contact", "Premier contact"),
    "export.status.value": ("Status", "Statut"),
    "export.status.meaning": (
        "Meaning",
        "Signification",
    ),
    "export.status.rows": ("Rows", "Lignes"),
    "export.card.statuses": ("What the statuses of “{column}” mean", "Ce que signifient les statuts de « {column} »"),
    "export.rows.reason": ("Reason", "Motif"),
    "export.rows.column": ("Column", "Colonne"),
    "export.rows.value": ("Value found", "Valeur trouvée"),
    "export.no_balance": ("Balance not available: ", "Gains et pertes indisponibles : "),
    "export.scope": ("Scope", "Périmètre"),
    "export.card.scope": (
        "the customer file is not the whole customer base: customers it never recorded (cash sales, other channels, purchases before the export starts) are missing, and it may not be representative of the whole base.",
        "le fichier clients ne couvre pas toute la clientèle : les clients qu'il n'a jamais enregistrés (ventes anonymes au comptoir, autres canaux, achats antérieurs au début de l'extraction) en sont absents, et il n'est pas forcément représentatif de l'ensemble.",
    ),
    "export.card.title": ("Life-cycle definitions card", "Fiche de définitions du cycle de vie"),
    "export.card.intro": (
        "The definitions the whole team shares. Thresholds: new {new} months, active {active} months, client window {client} months.",
        "Les définitions partagées par toute l'équipe. Seuils : nouveau {new} mois, actif {active} mois, fenêtre client {client} mois.",
    ),
    # ---------------------------------------------------------------- The rule of each stage and a suggested action
    "rule.suspect": (
        "In the contacts list; no purchase and no interaction yet.",
        "Dans la liste de contacts ; aucun achat ni interaction.",
    ),
    "rule.prospect": (
        "No purchase, but an interaction: a contact date or a prospect status in the contacts list, or only cancelled or open rows in the file.",
        "Aucun achat, mais une interaction : date de contact ou statut de prospect dans la liste de contacts, ou seulement des lignes annulées ou en cours dans le fichier.",
    ),
    "rule.below_minimum": (
        "Bought less than {amount} (net) within the last {client} months: not a client, not lost.",
        "A acheté moins de {amount} (net) sur les {client} derniers mois : ni client, ni perdu.",
    ),
    "rule.new": ("First purchase within the last {new} months.", "Premier achat il y a moins de {new} mois."),
    "rule.reactivated": (
        "Bought within the last {new} months, after more than {active} months without buying (counted to the latest purchase on an earlier day).",
        "A racheté il y a moins de {new} mois, après plus de {active} mois sans achat (compté jusqu'au dernier achat d'un jour antérieur).",
    ),
    "rule.active": (
        "Bought within the last {active} months (and neither new nor reactivated).",
        "A acheté il y a moins de {active} mois (ni nouveau ni réactivé).",
    ),
    "rule.dormant": (
        "Last purchase {active} to {client} months ago: still a client.",
        "Dernier achat il y a entre {active} et {client} mois : toujours client.",
    ),
    "rule.lost": (
        "No purchase for more than {client} months: no longer a client.",
        "Aucun achat depuis plus de {client} mois : n'est plus client.",
    ),
    "action.suspect": (
        "Qualify and reach out: acquisition campaigns.",
        "Qualifier et contacter : campagnes d'acquisition.",
    ),
    "action.prospect": (
        "Convert: a first-order offer, follow up quotes and meetings.",
        "Convertir : offre de première commande, relance des devis et rendez-vous.",
    ),
    "action.below_minimum": (
        "Develop: raise the basket to reach the client threshold (bundles, thresholds for free delivery).",
        "Développer : faire monter le panier jusqu'au seuil client (offres groupées, seuil de livraison offerte).",
    ),
    "action.new": (
        "Welcome and onboard; encourage the second purchase.",
        "Accueillir et accompagner ; encourager le deuxième achat.",
    ),
    "action.active": (
        "Opportunity: develop with up-selling and cross-selling; loyalty programme.",
        "Opportunité : développer par la montée en gamme et la vente croisée ; programme de fidélité.",
    ),
    "action.reactivated": (
        "Secure the return: personal follow-up so that it lasts.",
        "Consolider le retour : suivi personnalisé pour qu'il dure.",
    ),
    "action.dormant": (
        "Risk: reactivate before they are lost (reminders, targeted offers).",
        "Risque : réactiver avant la perte (relances, offres ciblées).",
    ),
    "action.lost": (
        "Win back the most valuable; find out why they left.",
        "Reconquérir ceux qui avaient le plus de valeur ; comprendre pourquoi ils sont partis.",
    ),
    # ---------------------------------------------------------------- KPIs: name and one-line definition
    "kpi.clients": ("Clients", "Clients"),
    "kpi.clients.def": ("Number of clients under the definition.", "Nombre de clients selon la définition."),
    "kpi.activity_rate": ("Activity rate", "Taux d'activité"),
    "kpi.activity_rate.def": (
        "Share of clients who bought within the last {active} months (the active threshold): new, reactivated and active.",
        "Part des clients ayant acheté dans les {active} derniers mois (seuil actif) : nouveaux, réactivés et actifs.",
    ),
    "kpi.retention_rate": ("Retention rate (still clients)", "Taux de rétention (toujours clients)"),
    "kpi.retention_rate.def": (
        "Of the clients of 12 months ago, the share who are still clients now (the full definition at both dates).",
        "Parmi les clients d'il y a 12 mois, part de ceux qui sont toujours clients (la définition complète aux deux dates).",
    ),
    "kpi.churn_rate": ("Churn rate", "Taux d'attrition"),
    "kpi.churn_rate.def": (
        "Of the clients of 12 months ago, the share who are no longer clients now: 1 − retention.",
        "Parmi les clients d'il y a 12 mois, part de ceux qui ne sont plus clients : 1 − rétention.",
    ),
    "kpi.repeat_purchase_rate": ("Repeat-purchase rate", "Taux de rachat"),
    "kpi.repeat_purchase_rate.def": (
        "Of the clients of 12 months ago, the share who bought again in the last 12 months (a dormant client is still a client without having bought again).",
        "Parmi les clients d'il y a 12 mois, part de ceux qui ont racheté dans les 12 derniers mois (un client dormant reste client sans avoir racheté).",
    ),
    "kpi.second_purchase_rate": ("Second-purchase rate", "Taux de second achat"),
    "kpi.second_purchase_rate.def": (
        "Of the buyers whose first purchase is at least {active} months old, the share who bought again on a later day.",
        "Parmi les acheteurs dont le premier achat date d'au moins {active} mois, part de ceux qui ont racheté un autre jour.",
    ),
    "kpi.one_time_active_share": (
        "Share of active clients who bought once",
        "Part des clients actifs n'ayant acheté qu'une fois",
    ),
    "kpi.one_time_active_share.def": (
        "Share of active clients who have bought on one day only.",
        "Part des clients actifs qui n'ont acheté qu'un seul jour.",
    ),
    "kpi.one_time_dormant_share": (
        "Share of dormant clients who bought once",
        "Part des clients dormants n'ayant acheté qu'une fois",
    ),
    "kpi.one_time_dormant_share.def": (
        "Share of dormant clients who have bought on one day only.",
        "Part des clients dormants qui n'ont acheté qu'un seul jour.",
    ),
    "kpi.average_basket": ("Average basket", "Panier moyen"),
    "kpi.average_basket.def": (
        "Net amount per purchase occasion over the last 12 months.",
        "Montant net moyen par achat sur les 12 derniers mois.",
    ),
    "kpi.average_basket_lifetime": ("Average basket (lifetime)", "Panier moyen (historique)"),
    "kpi.average_basket_lifetime.def": (
        "Total amount divided by the total number of orders (one row per customer: no dates per order).",
        "Montant total divisé par le nombre total de commandes (une ligne par client : pas de date par commande).",
    ),
    "kpi.purchase_frequency": ("Purchase frequency", "Fréquence d'achat"),
    "kpi.purchase_frequency.def": (
        "Average purchase occasions per buyer of the last 12 months.",
        "Nombre moyen d'achats par acheteur des 12 derniers mois.",
    ),
    "kpi.value_12_mean": ("Customer value, last 12 months: mean", "Valeur client sur 12 mois : moyenne"),
    "kpi.value_12_mean.def": (
        "What a client bought (net) in the last 12 months, on average over clients.",
        "Ce qu'un client a acheté (net) dans les 12 derniers mois, en moyenne sur les clients.",
    ),
    "kpi.value_12_median": ("Customer value, last 12 months: median", "Valeur client sur 12 mois : médiane"),
    "kpi.value_12_median.def": (
        "Median over clients of what they bought (net) in the last 12 months.",
        "Médiane sur les clients de ce qu'ils ont acheté (net) dans les 12 derniers mois.",
    ),
    "kpi.value_24_mean": ("Customer value, last 24 months: mean", "Valeur client sur 24 mois : moyenne"),
    "kpi.value_24_mean.def": (
        "What a client bought (net) in the last 24 months, on average over clients.",
        "Ce qu'un client a acheté (net) dans les 24 derniers mois, en moyenne sur les clients.",
    ),
    "kpi.value_24_median": ("Customer value, last 24 months: median", "Valeur client sur 24 mois : médiane"),
    "kpi.value_24_median.def": (
        "Median over clients of what they bought (net) in the last 24 months.",
        "Médiane sur les clients de ce qu'ils ont acheté (net) dans les 24 derniers mois.",
    ),
    "kpi.value_36_mean": ("Customer value, last 36 months: mean", "Valeur client sur 36 mois : moyenne"),
    "kpi.value_36_mean.def": (
        "What a client bought (net) in the last 36 months, on average over clients.",
        "Ce qu'un client a acheté (net) dans les 36 derniers mois, en moyenne sur les clients.",
    ),
    "kpi.value_36_median": ("Customer value, last 36 months: median", "Valeur client sur 36 mois : médiane"),
    "kpi.value_36_median.def": (
        "Median over clients of what they bought (net) in the last 36 months.",
        "Médiane sur les clients de ce qu'ils ont acheté (net) dans les 36 derniers mois.",
    ),
    "kpi.first_value_12_mean": (
        "Customer value, first 12 months (mean)",
        "Valeur client des 12 premiers mois (moyenne)",
    ),
    "kpi.first_value_12_mean.def": (
        "What a buyer spent (net) in the 12 months from their first purchase, on average over buyers whose first 12 months are over.",
        "Ce qu'un acheteur a dépensé (net) dans les 12 mois suivant son premier achat, en moyenne sur les acheteurs dont les 12 premiers mois sont écoulés.",
    ),
    "kpi.first_value_24_mean": (
        "Customer value, first 24 months (mean)",
        "Valeur client des 24 premiers mois (moyenne)",
    ),
    "kpi.first_value_24_mean.def": (
        "What a buyer spent (net) in the 24 months from their first purchase, on average over buyers whose first 24 months are over.",
        "Ce qu'un acheteur a dépensé (net) dans les 24 mois suivant son premier achat, en moyenne sur les acheteurs dont les 24 premiers mois sont écoulés.",
    ),
    "kpi.first_value_36_mean": (
        "Customer value, first 36 months (mean)",
        "Valeur client des 36 premiers mois (moyenne)",
    ),
    "kpi.first_value_36_mean.def": (
        "What a buyer spent (net) in the 36 months from their first purchase, on average over buyers whose first 36 months are over.",
        "Ce qu'un acheteur a dépensé (net) dans les 36 mois suivant son premier achat, en moyenne sur les acheteurs dont les 36 premiers mois sont écoulés.",
    ),
    "kpi.top20_share": ("Revenue share of the top 20% buyers", "Part du CA des 20 % meilleurs acheteurs"),
    "kpi.top20_share.def": (
        "Share of the last 12 months' revenue made by the 20% of buyers who spent the most in that period.",
        "Part du chiffre d'affaires des 12 derniers mois réalisée par les 20 % d'acheteurs qui ont le plus dépensé sur la période.",
    ),
    "kpi.top20_share_lifetime": (
        "Revenue share of the top 20% buyers (whole history)",
        "Part du CA des 20 % meilleurs acheteurs (tout l'historique)",
    ),
    "kpi.top20_share_lifetime.def": (
        "Share of the total amount made by the 20% of buyers who spent the most (among those with a positive total).",
        "Part du montant total réalisée par les 20 % d'acheteurs qui ont le plus dépensé (parmi ceux dont le total est positif).",
    ),
    # ---------------------------------------------------------------- The command line
    "cli.title": (
        "lifecycle — {file}{sheet} (header row {header})",
        "lifecycle — {file}{sheet} (ligne d'en-tête {header})",
    ),
    "cli.sheet": (" — sheet “{sheet}”", " — feuille « {sheet} »"),
    "cli.status": (
        "“{value}” → {meaning} ({n} rows; {source})",
        "« {value} » → {meaning} ({n} lignes ; {source})",
    ),
    "cli.status.1": ("“{value}” → {meaning} (1 row; {source})", "« {value} » → {meaning} (1 ligne ; {source})"),
    "cli.rows": (
        "Rows: {read} read · {used} used · {rejected} rejected{why} · {after} after the as-of date",
        "Lignes : lues {read} · utilisées {used} · rejetées {rejected}{why} · après la date d'observation {after}",
    ),
    "cli.definition": ("Definition: {text}", "Définition : {text}"),
    "cli.period": ("Period: {text}", "Période : {text}"),
    "cli.period_text": ("{a} – {b} (as of {c})", "{a} – {b} (au {c})"),
    "cli.error": ("error: {message}", "erreur : {message}"),
    "cli.clients": ("Total clients: {n}", "Nombre total de clients : {n}"),
    "cli.stage": ("stage", "étape"),
    "cli.count": ("count", "nombre"),
    "cli.share": ("share", "part"),
    "cli.unclassified": (
        "({n} customers with returns only, not classified)",
        "({n} fiches avec seulement des retours, non classées)",
    ),
    "cli.unclassified.1": (
        "(1 customer with returns only, not classified)",
        "(1 fiche avec seulement des retours, non classée)",
    ),
    "cli.kpis": ("KPIs:", "Indicateurs :"),
    "cli.suggested": ("Suggested thresholds: {text}", "Seuils suggérés : {text}"),
    "cli.no_balance": ("Balance: {text}", "Gains et pertes : {text}"),
    "cli.balance": ("Portfolio balance (per {period}):", "Équilibre du portefeuille (par {period}) :"),
    "cli.balance.end": ("period end", "fin de période"),
    "cli.balance.start": ("start", "début"),
    "cli.balance.new": ("+new", "+nouv."),
    "cli.balance.won_back": ("+won back", "+reconq."),
    "cli.balance.lost": ("−lost", "−perdus"),
    "cli.balance.clients": ("end", "fin"),
    "cli.balance.quick": ("won/lost", "g/p"),
    "cli.written": ("{file}: {size} bytes", "{file} : {size} octets"),
    # ---------------------------------------------------------------- Errors: bad input explained for a user
    "error.sheet": (", sheet “{sheet}”", ", feuille « {sheet} »"),
    "error.at_line": (" (line {line})", " (ligne {line})"),
    "error.no_suffix": ("(none)", "(aucun)"),
    "error.not_found": ("File not found: {file}", "Fichier introuvable : {file}"),
    "error.no_sheet": (
        "{file}: there is no sheet “{sheet}”. Sheets: {sheets}.",
        "{file} : il n'y a pas de feuille « {sheet} ». Feuilles : {sheets}.",
    ),
    "error.no_data_sheet": (
        "{file}: no visible sheet holds any data.",
        "{file} : aucune feuille visible ne contient de données.",
    ),
    "error.sheet_unreadable": ("{where}: cannot be read ({why}).", "{where} : lecture impossible ({why})."),
    "error.encrypted": (
        "{file}: the workbook is password-protected; save it without a password (File > Info > Protect workbook) and load it again.",
        "{file} : le classeur est protégé par un mot de passe ; enregistrez-le sans mot de passe (Fichier > Informations > Protéger le classeur) puis rechargez-le.",
    ),
    "error.html": (
        "{file}: this is a web page (HTML) saved with an Excel name, not a workbook; open it in Excel and save it as .xlsx, or export the data as CSV.",
        "{file} : c'est une page web (HTML) enregistrée avec un nom Excel, pas un classeur ; ouvrez-la dans Excel et enregistrez-la en .xlsx, ou exportez les données en CSV.",
    ),
    "error.not_workbook": (
        "{file}: the content is not a workbook (another kind of file renamed?); export the data again as .xlsx or CSV.",
        "{file} : le contenu n'est pas un classeur (un autre type de fichier renommé ?) ; exportez de nouveau les données en .xlsx ou en CSV.",
    ),
    "error.damaged": (
        "{file}: the workbook is damaged or incomplete (cut short during a download or a copy?); export it again.",
        "{file} : le classeur est endommagé ou incomplet (coupé pendant un téléchargement ou une copie ?) ; exportez-le à nouveau.",
    ),
    "warn.multi_line_rows": (
        "{n} rows span several lines of the file ({lines} lines in all; rows starting on lines {rows}): a quoted value with line breaks, or a quote never closed. The longest, from line {start}, covers {longest} lines: check the quotes there",
        "{n} lignes du tableau s'étendent sur plusieurs lignes du fichier ({lines} lignes en tout ; elles commencent aux lignes {rows}) : une valeur entre guillemets avec des retours à la ligne, ou un guillemet jamais fermé. La plus longue, à partir de la ligne {start}, couvre {longest} lignes : vérifiez les guillemets à cet endroit",
    ),
    "warn.multi_line_rows.1": (
        "1 row spans several lines of the file (row starting on line {rows}): a quoted value with line breaks, or a quote never closed. From line {start}, it covers {longest} lines: check the quotes there",
        "1 ligne du tableau s'étend sur plusieurs lignes du fichier (à partir de la ligne {rows}) : une valeur entre guillemets avec des retours à la ligne, ou un guillemet jamais fermé. À partir de la ligne {start}, elle couvre {longest} lignes : vérifiez les guillemets à cet endroit",
    ),
    "warn.long_cells_unused": (
        "Cells longer than 32,767 characters (Excel's own limit) were cut in columns the analysis does not use ({columns}; cells: {n}): their rows are kept",
        "Des cellules de plus de 32 767 caractères (la limite d'Excel) ont été tronquées dans des colonnes que l'analyse n'utilise pas ({columns} ; cellules : {n}) : leurs lignes sont conservées",
    ),
    "warn.mixed_encoding": (
        "{n} lines are written in Windows-1252 (the first: line {first}), the others in UTF-8, as when two exports are pasted together: each line was read in its own encoding, so that a name with accents is the same name in both.",
        "{n} lignes sont écrites en Windows-1252 (la première : ligne {first}), les autres en UTF-8, comme lorsque deux exports sont mis bout à bout : chaque ligne a été lue dans son propre encodage, pour qu'un nom accentué soit identique dans les deux.",
    ),
    "warn.mixed_encoding.1": (
        "1 line is written in Windows-1252 (line {first}), the others in UTF-8, as when two exports are pasted together: each line was read in its own encoding, so that a name with accents is the same name in both.",
        "1 ligne est écrite en Windows-1252 (la ligne {first}), les autres en UTF-8, comme lorsque deux exports sont mis bout à bout : chaque ligne a été lue dans son propre encodage, pour qu'un nom accentué soit identique dans les deux.",
    ),
    "warn.read_as_text": (
        "{file} has an Excel name but is a text (CSV) file: read as one",
        "{file} porte un nom Excel mais c'est un fichier texte (CSV) : lu comme tel",
    ),
    "error.not_text": (
        "{file}: this is not a text file (UTF-16 or binary); save it as CSV UTF-8.",
        "{file} : ce n'est pas un fichier texte (UTF-16 ou binaire) ; enregistrez-le en CSV UTF-8.",
    ),
    "error.csv": ("{file}: the CSV cannot be read{line}: {why}.", "{file} : le CSV est illisible{line} : {why}."),
    "error.parquet": ("{file}: cannot be read as Parquet ({why}).", "{file} : lecture Parquet impossible ({why})."),
    "error.file_type": (
        "{file}: unsupported file type “{suffix}”. Use .xlsx, .xls, .csv, .txt or .parquet.",
        "{file} : type de fichier non pris en charge « {suffix} ». Utilisez .xlsx, .xls, .csv, .txt ou .parquet.",
    ),
    "error.sheets_differ": (
        "{where}: its columns ({columns}) are not those of sheet “{first}” ({expected}); sheets read as one table need the same columns.",
        "{where} : ses colonnes ({columns}) ne sont pas celles de la feuille « {first} » ({expected}) ; des feuilles lues comme un seul tableau doivent avoir les mêmes colonnes.",
    ),
    "error.empty_sheet": ("{where}: the sheet is empty.", "{where} : la feuille est vide."),
    "error.header_row": (
        "{where}: header row {row} is outside the sheet (1 to {last}).",
        "{where} : la ligne d'en-tête {row} est hors de la feuille (1 à {last}).",
    ),
    "error.too_wide": (
        "{file}: its first line has {n} columns; a file of more than {max} columns is refused (a customer export has a few dozen).",
        "{file} : sa première ligne compte {n} colonnes ; un fichier de plus de {max} colonnes est refusé (un export de clients en compte quelques dizaines).",
    ),
    "error.sheet_too_large": (
        "{file}: a sheet reaches row {rows} and column {columns}; a sheet wider than {width} columns or larger than {max} cells is refused before it is read.",
        "{file} : une feuille s'étend jusqu'à la ligne {rows} et la colonne {columns} ; une feuille de plus de {width} colonnes ou de plus de {max} cellules est refusée avant d'être lue.",
    ),
    "error.part_too_large": (
        "{file}: its part “{part}” would inflate to {size} bytes, past the limit of {max}: refused before it is read.",
        "{file} : sa partie « {part} » se décompresserait en {size} octets, au-delà de la limite de {max} : refusée avant d'être lue.",
    ),
    "error.sheet_too_wide": (
        "{where}: it has {n} columns; a table of more than {max} columns is refused (a customer export has a few dozen).",
        "{where} : le tableau compte {n} colonnes ; au-delà de {max} colonnes, un tableau est refusé (un export de clients en compte quelques dizaines).",
    ),
    "error.long_header": (
        "{where}: the column names on line {row} include a cell of {n} characters; a column name is a few words, and a cell is at most {max} characters: check that this is the right file.",
        "{where} : la ligne {row}, celle des noms de colonnes, contient une cellule de {n} caractères ; un nom de colonne tient en quelques mots, et une cellule en {max} caractères au plus : vérifiez que c'est le bon fichier.",
    ),
    "error.option_date": (
        "{option} {value}: not a date (write it as 2025-06-30).",
        "{option} {value} : ce n'est pas une date (écrivez-la sous la forme 2025-06-30).",
    ),
    "error.option_outside": (
        "{option} {value} is outside the file's period ({first} to {last}).",
        "{option} {value} est hors de la période du fichier (du {first} au {last}).",
    ),
    "error.option_order": (
        "--start ({start}) must come before --end ({end}).",
        "--start ({start}) doit précéder --end ({end}).",
    ),
    "value.bad_setting": (
        "The value model's {setting} cannot be {value}: it takes {allowed}.",
        "Le paramètre {setting} du modèle de valeur ne peut pas valoir {value} (valeurs admises : {allowed}).",
    ),
    "value.bad_holdout": (
        "A check period of {months} months does not fit in the file's period ({first} to {as_of}).",
        "Une période de contrôle de {months} mois ne tient pas dans celle du fichier (du {first} au {as_of}).",
    ),
    "value.bad_calibration_end": (
        "--calibration-end {value} must fall inside the file's period ({first} to {as_of}), after its first day and before its as-of date.",
        "--calibration-end {value} doit se situer dans la période du fichier (du {first} au {as_of}), après son premier jour et avant sa date d'observation.",
    ),
    "error.read_time": (
        "{file}: reading it took more than {seconds} s, so it was stopped; nothing else was affected. A customer export of this size reads in a few seconds: check that it is the right file, or save it again as CSV.",
        "{file} : sa lecture a dépassé {seconds} s, elle a donc été arrêtée ; rien d'autre n'est touché. Un export de clients de cette taille se lit en quelques secondes : vérifiez que c'est le bon fichier, ou enregistrez-le de nouveau en CSV.",
    ),
    "error.read_memory": (
        "{file}: reading it needed more than {mb} MB of memory, so it was stopped; nothing else was affected. Check that it is the right file, or save it again as CSV.",
        "{file} : sa lecture demandait plus de {mb} Mo de mémoire, elle a donc été arrêtée ; rien d'autre n'est touché. Vérifiez que c'est le bon fichier, ou enregistrez-le de nouveau en CSV.",
    ),
    "error.read_died": (
        "{file}: the reader stopped abruptly on this file (code {code}); it may be damaged. Nothing else was affected: open it in its application and save it again.",
        "{file} : la lecture de ce fichier s'est arrêtée net (code {code}) ; il est peut-être endommagé. Rien d'autre n'est touché : ouvrez-le dans son application et enregistrez-le de nouveau.",
    ),
    "error.read_failed": (
        "{file}: the reader failed on this file ({why}); it may be damaged. Open it in its application and save it again.",
        "{file} : la lecture de ce fichier a échoué ({why}) ; il est peut-être endommagé. Ouvrez-le dans son application et enregistrez-le de nouveau.",
    ),
    "error.no_role": (
        "{where}: no column was recognised as the {role}. Columns found: {columns}. Pick it under “Column roles” on the Data page (on the command line: --{option} COLUMN).",
        "{where} : aucune colonne n'a été reconnue comme « {role} ». Colonnes trouvées : {columns}. Choisissez-la sous « Rôle de chaque colonne » sur la page Données (en ligne de commande : --{option} COLONNE).",
    ),
    "error.only_blank_rows": (
        "{file}: under its column names there are only blank rows ({blank}): no row to read.",
        "{file} : sous ses noms de colonnes, il n'y a que des lignes vides ({blank}) : aucune ligne à lire.",
    ),
    "error.no_usable_row": (
        "{file}: no usable row ({read} read, {rejected} rejected, {after} after the as-of date: see the row check).",
        "{file} : aucune ligne utilisable ({read} lues, {rejected} rejetées, {after} postérieures à la date d'observation : voir le contrôle des lignes).",
    ),
    "error.contacts_platform": (
        "{file} is {platform}: a list of contacts, without purchases. Load a file of orders, payments or deals as the data, and this one as the contacts list.",
        "{file} est {platform} : une liste de contacts, sans achats. Chargez comme données un fichier de commandes, de paiements ou d'affaires, et celui-ci comme liste de contacts.",
    ),
    "error.no_purchase": (
        '{file}: no row is a purchase: by the meanings of “{column}”, every row is a return, cancelled or open. Give the statuses of sales the meaning “purchase” on the Data page (on the command line: --status-meaning "VALUE=purchase").',
        "{file} : aucune ligne n'est un achat : d'après les significations de « {column} », toutes les lignes sont des retours, des annulations ou des lignes en cours. Donnez aux statuts des ventes la signification « achat » sur la page Données (en ligne de commande : --status-meaning \"VALEUR=achat\").",
    ),
    "error.status_meaning": (
        "“{item}” is not VALUE=MEANING, with a meaning among {meanings}.",
        "« {item} » n'est pas de la forme VALEUR=SIGNIFICATION, avec une signification parmi {meanings}.",
    ),
    "error.as_of_date": (
        "The as-of date “{value}” is not a date (use YYYY-MM-DD).",
        "La date d'observation « {value} » n'est pas une date (format AAAA-MM-JJ).",
    ),
    "error.as_of_future": (
        "The as-of date {as_of} is after today ({today}).",
        "La date d'observation {as_of} est postérieure à aujourd'hui ({today}).",
    ),
    "error.roles": ("Unknown column roles: {roles}.", "Rôles de colonne inconnus : {roles}."),
    "error.no_column": (
        "There is no column “{column}” (for {role}). Columns: {columns}.",
        "Il n'y a pas de colonne « {column} » (pour {role}). Colonnes : {columns}.",
    ),
    "error.months.new_months": (
        "The “new” threshold must be a whole number of months from 1 to {max} (got {value}).",
        "Le seuil nouveau doit être un nombre entier de mois de 1 à {max} (reçu {value}).",
    ),
    "error.months.active_months": (
        "The “active” threshold must be a whole number of months from 1 to {max} (got {value}).",
        "Le seuil actif doit être un nombre entier de mois de 1 à {max} (reçu {value}).",
    ),
    "error.months.client_months": (
        "The client window must be a whole number of months from 1 to {max} (got {value}).",
        "La fenêtre client doit être un nombre entier de mois de 1 à {max} (reçu {value}).",
    ),
    "error.threshold_order": (
        "Thresholds must satisfy new ≤ active ≤ client window (got new {new}, active {active}, client window {client} months).",
        "Les seuils doivent respecter nouveau ≤ actif ≤ fenêtre client (reçu : nouveau {new}, actif {active}, fenêtre client {client} mois).",
    ),
    "error.min_amount": (
        "The minimum amount must be a number, zero or more (got {value}).",
        "Le montant minimum doit être un nombre positif ou nul (reçu {value}).",
    ),
    "error.rhythm_multiple": (
        "The multiple of the usual time between purchases must be a number from {low:g} to {high:g} (got {value}).",
        "Le multiple du délai habituel entre achats doit être un nombre de {low:g} à {high:g} (reçu {value}).",
    ),
    "error.flag": ("{name} must be true or false (got {value}).", "{name} doit valoir vrai ou faux (reçu {value})."),
    "error.definition_keys": ("Unknown definition settings: {keys}.", "Paramètres de définition inconnus : {keys}."),
    "error.definition_text": (
        "{file} is not a definition: a definition is a short JSON text in UTF-8 that gives the thresholds in months (new_months, active_months, client_months).",
        "{file} n'est pas une définition : une définition est un court texte JSON en UTF-8 qui donne les seuils en mois (new_months, active_months, client_months).",
    ),
    "error.definition_json": (
        "The definition is not valid JSON ({why}, line {line}).",
        "La définition n'est pas un JSON valide ({why}, ligne {line}).",
    ),
    "error.definition_object": ("The definition must be a JSON object.", "La définition doit être un objet JSON."),
    "error.min_amount_column": (
        "A minimum amount needs an amount column.",
        "Un montant minimum nécessite une colonne de montant.",
    ),
    "cli.value.title": (
        "{file}: customer value, models learnt from {start} to {end}",
        "{file} : valeur client, modèles calculés sur les achats du {start} au {end}",
    ),
    "cli.value.bgnbd": (
        "BG/NBD (weeks): r {r}, alpha {alpha}, a {a}, b {b}; log-likelihood {ll}",
        "BG/NBD (semaines) : r {r}, alpha {alpha}, a {a}, b {b} ; log-vraisemblance {ll}",
    ),
    "cli.value.gg": ("Gamma-Gamma: p {p}, q {q}, gamma {gamma}", "Gamma-Gamma : p {p}, q {q}, gamma {gamma}"),
    "cli.value.settings": (
        "Horizon {horizon} months, yearly discount {discount}, margin {margin}",
        "Horizon {horizon} mois, actualisation {discount} par an (valeur future ramenée à aujourd'hui), marge {margin}",
    ),
    "cli.value.stage": ("Stage", "Étape"),
    "cli.value.customers": ("Buyers", "Acheteurs"),
    "cli.value.alive": ("P(still buying)", "P(encore acheteur)"),
    "cli.value.likely": ("Likely buying", "Prob. acheteurs"),
    "cli.value.purchases": ("Purchases", "Achats"),
    "cli.value.lost_alive": (
        "Lost by the rules, likely still buying for the model: {n} (a one-time buyer counts as still buying in BG/NBD)",
        "Perdus selon les règles, probablement encore acheteurs selon le modèle : {n} (un acheteur d'une seule fois compte comme encore acheteur dans BG/NBD)",
    ),
    "cli.value.active_doubt": (
        "Active by the rules, doubted by the model: {n}",
        "Actifs selon les règles, mis en doute par le modèle : {n}",
    ),
    "cli.value.calibration": (
        "Model check: learnt up to {end}; over the next {months} months, {predicted} purchases predicted, {actual} made ({error})",
        "Contrôle du modèle : appris jusqu'au {end} ; sur les {months} mois suivants, {predicted} achats prévus, {actual} réalisés ({error})",
    ),
    "deck.title": ("Customer life cycle — {file}", "Cycle de vie client — {file}"),
    "deck.period": ("Purchases from {a} to {b}, as of {c}", "Achats du {a} au {b} · situation au {c}"),
    "deck.exported": ("Exported on {date}", "Exporté le {date}"),
    "deck.footer": ("{short} · Source: {file}", "{short} · Source : {file}"),
    "deck.notes.rows": (
        "Rows read {read}: used {used}, rejected {rejected}.",
        "Lignes lues : {read} (utilisées : {used} ; rejetées : {rejected}).",
    ),
    "deck.kpis": ("Key indicators", "Indicateurs clés"),
    "deck.kpis_part": ("Key indicators ({i}/{n})", "Indicateurs clés ({i}/{n})"),
    "deck.definitions": ("Definitions card", "Fiche de définitions"),
    "deck.left_out": ("Not shown, and why", "Ce qui manque, et pourquoi"),
    "deck.col.kpi": ("Indicator", "Indicateur"),
    "deck.col.value": ("Value", "Valeur"),
    "deck.col.definition": ("Definition", "Définition"),
    "deck.col.chart": ("Chart", "Graphique"),
    "deck.col.why": ("Why", "Pourquoi"),
    "deck.take.funnel": (
        "{activity} of clients bought within {months} months (new, reactivated or active); {dormant} clients are dormant and {lost} former clients are lost.",
        "{activity} des clients ont acheté dans les {months} derniers mois (nouveaux, réactivés ou actifs) ; {dormant} clients sont dormants et {lost} anciens clients sont perdus.",
    ),
    "deck.take.segments": (
        "{most} has the largest share of active clients ({most_share}); {least} the smallest ({least_share})",
        "Plus forte part de clients actifs : {most} ({most_share}) ; plus faible : {least} ({least_share})",
    ),
    "deck.take.segments_same": (
        "The {n} groups have close shares of active clients ({low} to {high}): the gap is too small to draw a conclusion.",
        "Les {n} groupes ont des parts de clients actifs proches ({low} à {high}) : l'écart est trop faible pour en tirer une conclusion.",
    ),
    "deck.take.segments_one": (
        "{group}: {share} of its clients active, against {all} for all buyers",
        "{group} : {share} de clients actifs, contre {all} pour l'ensemble des acheteurs",
    ),
    "deck.one_segment": (
        "the deck covers one segment ({segment}); choose “All segments” to compare them",
        "la présentation porte sur un seul segment ({segment}) ; choisissez « Tous les segments » pour les comparer",
    ),
    "deck.segments_table": ("Segments side by side: the figures", "Les segments côte à côte : les chiffres"),
    "deck.take.whatif": (
        "Under B: {moves}; {total} clients in all ({diff})",
        "Avec B : {moves} ; {total} clients au total ({diff})",
    ),
    "deck.take.whatif_move": ("{stage} ({diff})", "{stage} ({diff})"),
    "deck.take.whatif_none": ("no stage changes", "aucune étape ne change"),
    "deck.first": ("Clients to contact first", "Clients à relancer en priorité"),
    "deck.take.first_model": (
        "The {n} clients the model thinks most likely to have left, ranked by amount at stake (purchases over the last 24 months × risk of no longer buying): {stake} at stake",
        "Les {n} clients que le modèle croit le plus sur le départ, classés par montant en jeu (achats des 24 derniers mois × risque de ne plus acheter) : {stake} en jeu",
    ),
    "deck.take.first_model.1": (
        "The client the model thinks most likely to have left, given their purchases over the last 24 months: {stake} at stake",
        "Le client que le modèle croit le plus sur le départ, compte tenu de ses achats des 24 derniers mois : {stake} en jeu",
    ),
    "deck.take.first_dormant.1": (
        "The one dormant client: {value} of purchases over the last 24 months",
        "L'unique client dormant : {value} d'achats sur les 24 derniers mois",
    ),
    "deck.take.first_dormant": (
        "The {n} dormant clients who brought the most over the last 24 months: {value} in all",
        "Les {n} clients dormants qui ont le plus acheté sur les 24 derniers mois : {value} au total",
    ),
    "deck.no_dormant": ("no dormant client to list", "aucun client dormant à citer"),
    "deck.col.p_alive": ("P(still buying)", "P(encore acheteur)"),
    "deck.col.at_stake": ("Amount at stake", "Montant en jeu"),
    "deck.anonymous": ("Customer ids are pseudonyms", "Identifiants clients pseudonymisés"),
    "deck.facts": (
        "{headline} · purchases from {a} to {b} · {definition} · source: {file}, exported {date}",
        "{headline} · achats du {a} au {b} · {definition} · source : {file}, exporté le {date}",
    ),
    "deck.no_model": (
        "Customer value model: not shown for this file ({why}).",
        "Modèle de valeur client : non présenté pour ce fichier ({why}).",
    ),
    "deck.unit.month": ("months", "mois"),
    "deck.unit.quarter": ("quarters", "trimestres"),
    "deck.unit.year": ("years", "années"),
    "deck.series": (
        "The four indicators, half-year by half-year",
        "Les quatre indicateurs, semestre par semestre",
    ),
    "deck.take.kpis": (
        "Activity rate: {then} on {since}, {now} on {until}; {repeat} of the clients of a year before bought again.",
        "Taux d'activité : {then} au {since}, {now} au {until} ; {repeat} des clients d'il y a un an ont racheté.",
    ),
    "deck.take.balance": (
        "From {since} to {until} clients went from {start} to {end}: {new} new, {won} won back, {lost} lost.",
        "Du {since} au {until}, le nombre de clients est passé de {start} à {end} : {new} nouveaux, {won} reconquis, {lost} perdus.",
    ),
    "deck.take.flows": (
        "Lost clients outnumber new ones in {n} of the {of} {units} from {since} to {until}.",
        "Les clients perdus sont plus nombreux que les nouveaux sur {n} des {of} {units} du {since} au {until}.",
    ),
    "deck.take.money": (
        "From {since} to {until} new clients brought {new}; the clients lost had spent {lost} in their last 12 months.",
        "Du {since} au {until}, les nouveaux clients ont apporté {new} ; les clients perdus avaient dépensé {lost} sur leurs 12 derniers mois.",
    ),
    "deck.take.history": (
        "Active clients: {first} on {since}, {last} on {until}.",
        "Clients actifs : {first} au {since}, {last} au {until}.",
    ),
    "deck.take.transitions": (
        "Of the clients active on {date}, {share} bought again since (still active, or reactivated).",
        "Parmi les clients actifs au {date}, {share} ont racheté depuis (toujours actifs, ou réactivés).",
    ),
    "deck.take.alive": (
        "The model rates {lost} lost customers likely still buying, and doubts {active} active ones.",
        "Selon le modèle, {lost} clients perdus achètent sans doute encore ; {active} clients actifs ont peut-être cessé.",
    ),
    "value.no_history": (
        "Customer value needs purchase history (this file has one row per customer): the models learn from the dates of each purchase.",
        "La valeur client nécessite l'historique des achats (ce fichier a une ligne par client) : les modèles apprennent des dates de chaque achat.",
    ),
    "value.short": (
        "Customer value needs at least three months of purchases; this file covers {days} days.",
        "La valeur client nécessite au moins trois mois d'achats ; ce fichier couvre {days} jours.",
    ),
    "value.few_repeat": (
        "Too few buyers came back for the model to learn from: {n} bought again, {needed} are needed.",
        "Trop peu d'acheteurs sont revenus pour que le modèle puisse apprendre : {n} ont racheté, il en faut {needed}.",
    ),
    "value.no_fit": (
        "The {model} model found no stable result on this data: no figures rather than wrong ones.",
        "Le modèle {model} n'a pas trouvé de résultat stable sur ces données : mieux vaut aucun chiffre que des chiffres faux.",
    ),
    "error.min_amount_history": (
        "A minimum amount within the window needs purchase history (this file has one row per customer).",
        "Un montant minimum sur la fenêtre nécessite l'historique des achats (ce fichier a une ligne par client).",
    ),
    "error.stages_after_as_of": (
        "Stages are known up to the as-of date ({as_of}).",
        "Les étapes sont connues jusqu'à la date d'observation ({as_of}).",
    ),
    "error.series_period": (
        "Unknown period “{period}” for the indicators over time: use month or half.",
        "Période inconnue « {period} » pour les indicateurs dans le temps : utilisez month ou half.",
    ),
    "error.period": (
        "Unknown period “{period}”: use month, quarter or year.",
        "Période inconnue « {period} » : utilisez month, quarter ou year.",
    ),
    "error.no_segment": ("No segment column is mapped.", "Aucune colonne de segment n'est associée."),
    "error.dates_order": (
        "The first date ({a}) must be before the second ({b}).",
        "La première date ({a}) doit précéder la seconde ({b}).",
    ),
    "error.after_as_of": (
        "The second date ({b}) is after the as-of date ({as_of}).",
        "La seconde date ({b}) est postérieure à la date d'observation ({as_of}).",
    ),
    "error.chart_history": (
        "The {chart} chart needs purchase history: not available, the file has one row per customer.",
        "Le graphique « {chart} » nécessite l'historique des achats : indisponible, le fichier a une ligne par client.",
    ),
    "error.chart": (
        "Unknown chart “{chart}”: choose one of {charts}.",
        "Graphique inconnu « {chart} » : choisissez parmi {charts}.",
    ),
    "error.chart_format": (
        "Unknown chart format “{fmt}”: png, svg or pdf.",
        "Format inconnu « {fmt} » : png, svg ou pdf.",
    ),
    "error.format": (
        "Unknown format “{fmt}”: choose one of {formats}.",
        "Format inconnu « {fmt} » : choisissez parmi {formats}.",
    ),
    "error.cannot_read": ("Cannot read {file}: {why}.", "Lecture impossible de {file} : {why}."),
    "error.out_format": (
        "Cannot tell the format from “{out}”: add --format ({formats}).",
        "Format impossible à déduire de « {out} » : ajoutez --format ({formats}).",
    ),
    "error.upload_gone": (
        "The uploaded file is no longer in memory: upload it again.",
        "Le fichier n'est plus en mémoire : déposez-le à nouveau.",
    ),
    "error.session_ended": (
        "This session has ended: reload the page.",
        "Cette session est terminée : rechargez la page.",
    ),
    "error.scenario_json": (
        "The scenario file is not a JSON text (or is far too large for one).",
        "Le fichier de scénario n'est pas un texte JSON (ou il est bien trop gros pour en être un).",
    ),
    "error.scenario_value": (
        "The scenario's “{name}” cannot be used (got {value}); nothing was changed.",
        "Le champ « {name} » du scénario est inutilisable (reçu {value}) ; rien n'a été modifié.",
    ),
    "error.scenario_keys": (
        "The scenario has fields this version does not know ({keys}; known: {known}); nothing was changed.",
        "Le scénario contient des champs que cette version ne connaît pas ({keys} ; connus : {known}) ; rien n'a été modifié.",
    ),
    "error.scenario_columns": (
        "The scenario maps columns this file does not have ({columns}): it was saved for another file or other reading settings; nothing was changed.",
        "Le scénario attribue un rôle à des colonnes absentes de ce fichier ({columns}) : il a été enregistré pour un autre fichier ou d'autres réglages de lecture ; rien n'a été modifié.",
    ),
    "error.scenario_as_of": (
        "The scenario's as-of date ({as_of}) comes before this file's first date ({first}); nothing was changed.",
        "La date d'observation du scénario ({as_of}) précède la première date de ce fichier ({first}) ; rien n'a été modifié.",
    ),
    "error.scenario_kind": (
        "This JSON is not a lifecycle scenario (no “definition”).",
        "Ce JSON n'est pas un scénario lifecycle (pas de « definition »).",
    ),
    # ---------------------------------------------------------------- The app's interface
    "ui.page.data": ("Data", "Données"),
    "ui.page.funnel": ("Funnel", "Cycle de vie"),
    "ui.page.balance": ("Balance", "Gains et pertes"),
    "ui.page.whatif": ("What if", "Et si…"),
    "ui.page.value": ("Value", "Valeur"),
    "ui.value.title": ("Customer value ahead", "La valeur client à venir"),
    "ui.value.intro": (
        "Beside the rules, two well-established statistical models read each buyer's purchase rhythm: the probability that they still buy, how many purchases to expect, what they will spend (BG/NBD for the rhythm, Gamma-Gamma for the amount; Fader, Hardie and Lee, 2005). Before trusting the figures, check at the bottom of the page how well the model predicted the recent past.",
        "En complément des règles, deux modèles statistiques reconnus estiment, d'après le rythme d'achat de chaque acheteur, la probabilité qu'il achète encore, le nombre d'achats à attendre et ce qu'il dépensera (modèle BG/NBD pour le rythme, modèle Gamma-Gamma pour le montant ; Fader, Hardie et Lee, 2005). Avant de vous fier aux chiffres, regardez en bas de page si le modèle a bien prévu le passé récent.",
    ),
    "ui.value.model_missing": (
        "No model figures for this file. {reason} The tables below need no model.",
        "Pas de chiffres du modèle pour ce fichier. {reason} Les tableaux ci-dessous n'utilisent pas le modèle.",
    ),
    "ui.value.horizon": ("Forecast horizon (months)", "Horizon de prévision (mois)"),
    "ui.value.discount": (
        "Yearly rate to bring future value back to today (discounting, %)",
        "Taux annuel pour ramener la valeur future à aujourd'hui (actualisation, %)",
    ),
    "ui.value.margin": ("Margin (% of revenue)", "Marge (% du chiffre d'affaires)"),
    "ui.value.fitting": ("Running the models…", "Calcul des modèles…"),
    "ui.value.lost_alive": ("Lost, yet likely still buying", "Perdus, mais sans doute encore acheteurs"),
    "ui.value.active_doubt": ("Active, but may have left", "Actifs, mais peut-être partis"),
    "ui.value.purchases": ("Purchases expected in {months} months", "Achats attendus sur {months} mois"),
    "ui.value.value_12": ("Value expected over 12 months", "Valeur attendue sur 12 mois"),
    "ui.value.likely_note": (
        "“Likely” means a probability of {p} or more. In this model a buyer who bought once has given no sign of leaving yet: they count as still buying.",
        "« Probablement » signifie une probabilité de {p} ou plus. Dans ce modèle, un acheteur qui n'a acheté qu'une fois n'a encore donné aucun signe de départ : il est compté comme encore acheteur.",
    ),
    "ui.value.same_dropout": (
        "In this data every buyer has the same chance of stopping after a purchase ({p}): the model uses that single chance for everyone.",
        "Dans ces données, tous les acheteurs ont la même probabilité d'arrêter d'acheter après un achat ({p}) : le modèle utilise donc cette probabilité unique pour tous.",
    ),
    "ui.value.by_stage": ("By stage", "Par étape"),
    "ui.value.by_segment": ("By segment", "Par segment"),
    "ui.value.col.segment": ("Segment", "Segment"),
    "ui.value.col.stage": ("Stage", "Étape"),
    "ui.value.col.customer": ("Customer id", "Identifiant client"),
    "ui.value.col.past_value": ("Purchases, last 24 months (net)", "Achats des 24 derniers mois (net)"),
    "ui.value.col.p_alive": ("P(still buying)", "P(encore acheteur)"),
    "ui.value.col.risk": ("Amount at stake", "Montant en jeu"),
    "ui.value.col.customers": ("Buyers", "Acheteurs"),
    "ui.value.col.p_alive_mean": ("P(still buying): mean", "P(encore acheteur) : moyenne"),
    "ui.value.col.p_alive_p25": ("P(still buying): 1st quartile", "P(encore acheteur) : 1er quartile"),
    "ui.value.col.p_alive_median": ("P(still buying): median", "P(encore acheteur) : médiane"),
    "ui.value.col.p_alive_p75": ("P(still buying): 3rd quartile", "P(encore acheteur) : 3e quartile"),
    "ui.value.col.likely_alive": ("Likely still buying", "Probablement encore acheteurs"),
    "ui.value.col.expected_purchases": ("Expected purchases", "Achats attendus"),
    "ui.value.col.value_12": ("Expected value, 12 months", "Valeur attendue, 12 mois"),
    "ui.value.save_first": ("Clients to contact first", "Clients à relancer en priorité"),
    "ui.value.save_first_note": (
        "Clients (by the definition) the model thinks may have left, ranked by amount at stake = purchases over the last 24 months × (1 − probability of still buying).",
        "Clients (selon la définition) que le modèle croit sur le départ, classés par montant en jeu = achats des 24 derniers mois × (1 − probabilité d'être encore acheteur).",
    ),
    "ui.value.download": ("Download the list (CSV)", "Télécharger la liste (CSV)"),
    "ui.value.cohorts": ("Cohorts over time", "Les cohortes dans le temps"),
    "ui.value.cohorts_note": (
        "Buyers grouped by the quarter of their first purchase (cohort); M0 is the month of that first purchase, M1 the month after, and so on. A cell appears only once every buyer of the cohort has reached that month.",
        "Les acheteurs regroupés selon le trimestre de leur premier achat (cohorte) ; M0 est le mois de ce premier achat, M1 le mois suivant, etc. Une case n'apparaît que lorsque tous les acheteurs de la cohorte ont atteint ce mois.",
    ),
    "ui.value.cohort": ("Cohort", "Cohorte"),
    "ui.value.cohort_size": ("Buyers", "Acheteurs"),
    "ui.value.cohort_share": ("Share of the cohort buying in each month", "Part de la cohorte qui achète chaque mois"),
    "ui.value.cohort_value": (
        "Cumulative net amount per buyer of the cohort",
        "Montant net cumulé par acheteur de la cohorte",
    ),
    "ui.value.monthly": ("Month by month (the last 24 months)", "Mois par mois (les 24 derniers mois)"),
    "ui.value.m.month": ("Month end", "Fin de mois"),
    "ui.value.m.clients": ("Clients", "Clients"),
    "ui.value.m.new": ("New", "Nouveaux"),
    "ui.value.m.won_back": ("Won back", "Reconquis"),
    "ui.value.m.lost": ("Lost", "Perdus"),
    "ui.value.m.quick": ("Won/lost ratio", "Ratio gagnés / perdus"),
    "ui.value.m.active": ("Share of active clients", "Part de clients actifs"),
    "ui.value.m.retention": ("12-month retention rate", "Taux de rétention sur 12 mois"),
    "ui.page.export": ("Export", "Exporter et partager"),
    "ui.side.source": (
        "**{name}**: {customers} customers, {rows} rows used",
        "**{name}** : {customers} fiches, {rows} lignes utilisées",
    ),
    "ui.choose": ("Choose an option", "Choisissez"),
    "export.returns_only": ("returns only (not classified)", "retours uniquement (non classée)"),
    "ui.side.currency": (
        "Currency of the amounts",
        "Devise des montants",
    ),
    "ui.side.currency_file": (
        "The file's: {symbol} ({code})",
        "Celle du fichier : {symbol} ({code})",
    ),
    "ui.side.currency_help": (
        "How money is written on every page, chart and export. The file's currency is read from"
        " its currency column or the symbols in its amounts; euros when it names none. No"
        " amount is converted.",
        "La façon d'écrire les montants sur chaque page, graphique et export. La devise du fichier"
        " est lue dans sa colonne de devise ou les symboles de ses montants ; l'euro quand il n'en"
        " nomme aucune. Aucun montant n'est converti.",
    ),
    "ui.side.source_clients": (
        "**{name}**: {customers} customers, {clients} clients, {rows} rows used",
        "**{name}** : {customers} fiches, dont {clients} clients ; {rows} lignes utilisées",
    ),
    "ui.side.definition": ("Client definition", "Définition d'un client"),
    "ui.link.dropped": (
        "The link's value for “{setting}” cannot be used ({value}): the value shown is used instead.",
        "La valeur du lien pour « {setting} » est inutilisable ({value}) : la valeur affichée est utilisée à la place.",
    ),
    "ui.link.repeated": (
        "The link gives “{setting}” more than once ({value}): none of these values is used, the value shown is.",
        "Le lien indique « {setting} » plusieurs fois ({value}) : aucune de ces valeurs n'est retenue, c'est la valeur affichée qui est utilisée.",
    ),
    "ui.link.unknown": (
        "The link holds words that are no setting of this app ({value}): they are ignored.",
        "Le lien contient des mots qui ne sont pas des réglages de l'application ({value}) : ils sont ignorés.",
    ),
    "ui.link.dismiss": ("Understood", "Compris"),
    "ui.side.as_of": (
        "As-of date (empty: the file's last purchase)",
        "Date d'observation, jj/mm/aaaa (vide : dernier achat du fichier)",
    ),
    "ui.side.new": ("New: first purchase within the last … months", "Nouveau : premier achat il y a moins de … mois"),
    "ui.side.active": ("Active: last purchase within … months", "Actif : dernier achat il y a moins de … mois"),
    "ui.side.client": (
        "Client window: lost after … months without buying",
        "Fenêtre client : perdu après … mois sans achat",
    ),
    "ui.side.options": ("Options", "Options"),
    "ui.side.min_amount": (
        "Minimum spend within the client window (0: none)",
        "Montant minimum d'achat sur la fenêtre client (0 : aucun)",
    ),
    "ui.side.own_rhythm": (
        "Respect each buyer's own buying rhythm",
        "Respecter le rythme d'achat de chaque acheteur",
    ),
    "ui.side.multiple": (
        "Lost only after N times their usual time between purchases",
        "Perdu seulement après N fois son délai habituel entre deux achats",
    ),
    "ui.side.opt_out": ("A customer who opted out counts as lost", "Une personne désinscrite compte comme perdue"),
    "ui.side.suggested": ("Thresholds suggested from your data", "Seuils suggérés d'après vos données"),
    "ui.side.apply": ("Apply the suggestion", "Appliquer la suggestion"),
    "ui.side.segment": ("Segment", "Segment"),
    "ui.side.all": ("All segments", "Tous les segments"),
    "ui.side.anon": (
        "Anonymise names and ids (screen and deck)",
        "Anonymiser noms et identifiants (écran et présentation)",
    ),
    "ui.side.no_data": ("No data loaded: open the Data page.", "Aucune donnée : ouvrez la page Données."),
    "ui.facts.clients": ("Total clients", "Nombre total de clients"),
    "ui.facts.definition": ("Definition", "Définition"),
    "ui.facts.period": ("Period", "Période"),
    "ui.facts.period_value": ("{a} – {b}", "{a} – {b}"),
    "ui.facts.as_of": ("as of {c}", "au {c}"),
    "ui.facts.segment": ("Showing the {segment} segment only.", "Seul le segment {segment} est affiché."),
    "ui.side.statuses": (
        "Status meanings you chose",
        "Significations choisies pour les statuts",
    ),
    "ui.side.statuses_example": (
        "e.g. Closed won=purchase; Closed lost=cancelled",
        "ex. : Gagnée=achat ; Perdue=annulé",
    ),
    "ui.side.statuses_help": (
        "The status meanings changed on the Data page, as VALUE=meaning: purchase, return, cancelled or open; separate the items with “;”. They are kept in the shared link.",
        "Les significations de statut modifiées sur la page Données, sous la forme VALEUR=signification : achat, retour, annulé ou en cours ; séparez les éléments par « ; ». Elles sont conservées dans le lien partagé.",
    ),
    "ui.data.title": ("Your data", "Vos données"),
    "ui.data.intro": (
        "Drop an export (Excel, CSV or Parquet), or pick a sample. Nothing leaves this machine: the file stays in memory for this session only.",
        "Déposez un export (Excel, CSV ou Parquet), ou choisissez un exemple. Rien ne quitte cette machine : le fichier reste en mémoire pour cette session seulement.",
    ),
    "ui.data.upload": (
        "Customer file or sales file (orders, invoices)",
        "Fichier clients ou fichier des ventes (commandes, factures)",
    ),
    "ui.data.upload_note": (
        "“Upload” opens the file picker (or drop the file in the box); up to {size} MB per file.",
        "Le bouton « Upload » ouvre le choix du fichier (ou déposez-le dans le cadre) ; {size} Mo au plus par fichier.",
    ),
    "ui.data.contacts": (
        "Contacts list (optional: prospects, suspects, opt-outs)",
        "Liste de contacts (facultatif : prospects, suspects, désinscrits)",
    ),
    "ui.data.sample": ("Or a sample file", "Ou un fichier d'exemple"),
    "ui.data.sample_none": ("(your file)", "(votre fichier)"),
    "ui.data.using": ("Using **{name}**", "Fichier utilisé : **{name}**"),
    "ui.data.reading": ("Reading {name}…", "Lecture de {name}…"),
    "ui.data.summarising": ("Grouping purchases by customer…", "Regroupement des achats par fiche…"),
    "ui.data.queue": (
        "The server is reading other files: {n} ahead of yours. Yours starts as soon as they are"
        " done; this page carries on by itself.",
        "Le serveur lit d'autres fichiers : {n} avant le vôtre. Le vôtre commence dès qu'ils sont"
        " lus ; la page se met à jour d'elle-même.",
    ),
    "ui.data.queue.1": (
        "The server is reading another file: yours is next. This page carries on by itself.",
        "Le serveur lit un autre fichier : le vôtre est le suivant. La page se met à jour d'elle-même.",
    ),
    "ui.data.sheets": ("Sheets", "Feuilles"),
    "ui.data.sheets_help": (
        "Pick several sheets with the same columns (one sheet per year, say) to read them as one table.",
        "Choisissez plusieurs feuilles aux mêmes colonnes (une feuille par année, par exemple) pour les lire comme un seul tableau.",
    ),
    "ui.data.same_columns": (
        "Sheets {sheets} have the same columns: one sheet per period? Read them together to see the whole history.",
        "Les feuilles {sheets} ont les mêmes colonnes : une feuille par période ? Lisez-les ensemble pour voir tout l'historique.",
    ),
    "ui.data.read_together": (
        "Read the {n} sheets as one table",
        "Lire les {n} feuilles comme un seul tableau",
    ),
    "ui.data.hidden": ("(hidden)", "(masquée)"),
    "ui.data.header_row": ("Header row (0: detect automatically)", "Ligne d'en-tête (0 : détection automatique)"),
    "ui.data.preview": ("First rows as read (header on row {row})", "Premières lignes lues (en-tête en ligne {row})"),
    "ui.data.anon_preview": (
        "Anonymised: only the column names are shown.",
        "Anonymisé : seuls les noms de colonnes sont affichés.",
    ),
    "ui.data.mapping": ("Column roles", "Rôle de chaque colonne"),
    "ui.data.mapping_help": (
        "Roles proposed from the column names; correct any that is wrong.",
        "Rôles proposés d'après les noms de colonnes ; corrigez-les si besoin.",
    ),
    "ui.data.none": ("— none —", "— aucune —"),
    "ui.data.recognised": (
        "Recognised: {platform}. Columns and statuses are read by this platform's conventions.",
        "Reconnu : {platform}. Colonnes et statuts sont lus selon les conventions de cette plateforme.",
    ),
    "ui.data.use_as_customer": (
        "Use “{column}” as the customer id",
        "Prendre « {column} » comme identifiant client",
    ),
    "ui.data.set_aside": (
        "Column set aside as the customer id: {why}",
        "Colonne écartée comme identifiant client : {why}",
    ),
    "ui.data.correct": ("Correct a column", "Corriger une colonne"),
    "ui.data.statuses": ("What each status means", "Ce que signifie chaque statut"),
    "ui.data.statuses_help": (
        "Values of “{column}”: a purchase counts; a return is netted; cancelled and open rows are no purchases but show a sales contact (a customer with nothing else is a prospect). Change a meaning in the table: every page is updated.",
        "Valeurs de « {column} » : un achat est compté ; un retour est déduit ; les lignes annulées ou en cours ne sont pas des achats mais attestent un contact commercial (une fiche qui n'a que celles-là est un prospect). Changez une signification dans le tableau : toutes les pages sont mises à jour.",
    ),
    "ui.data.statuses_more": (
        "{n} rarer values are not listed: they count as their proposed meaning says, or as purchases when their status is not recognised.",
        "{n} valeurs plus rares ne sont pas listées : elles comptent selon leur signification proposée, ou comme des achats si leur statut n'est pas reconnu.",
    ),
    "ui.data.statuses_more.1": (
        "1 rarer value is not listed: it counts as its proposed meaning says, or as a purchase when its status is not recognised.",
        "1 valeur plus rare n'est pas listée : elle compte selon sa signification proposée, ou comme un achat si son statut n'est pas reconnu.",
    ),
    "ui.data.statuses_reset": ("Back to the proposed meanings", "Revenir aux significations proposées"),
    "ui.data.status_col.value": ("Status", "Statut"),
    "ui.data.status_col.rows": (
        "Rows read",
        "Lignes lues",
    ),
    "ui.data.status_col.meaning": ("Meaning", "Signification"),
    "ui.data.status_col.source": (
        "Origin",
        "Origine",
    ),
    "ui.data.by_meaning": (
        "Rows used, by meaning: {parts}.",
        "Lignes utilisées, par signification : {parts}.",
    ),
    "ui.col.role": ("Role", "Rôle"),
    "ui.col.column": ("Column", "Colonne"),
    "ui.col.examples": (
        "Sample values",
        "Exemples de valeurs",
    ),
    "ui.col.why": ("Why", "Pourquoi"),
    "ui.role.customer": ("Customer id", "Identifiant client"),
    "ui.role.date": ("Date", "Date"),
    "ui.role.amount": ("Amount", "Montant"),
    "ui.role.quantity": ("Quantity", "Quantité"),
    "ui.role.unit_price": ("Unit price", "Prix unitaire"),
    "ui.role.order": ("Order / invoice no.", "N° de commande / facture"),
    "ui.role.segment": ("Segment", "Segment"),
    "ui.role.name": ("Name", "Nom"),
    "ui.role.email": ("E-mail", "E-mail"),
    "ui.role.first_purchase": ("First purchase", "Premier achat"),
    "ui.role.last_purchase": ("Last purchase", "Dernier achat"),
    "ui.role.orders_count": ("Number of orders", "Nombre de commandes"),
    "ui.role.contact_date": ("Contact or creation date", "Date de contact ou de création"),
    "ui.role.refund": ("Refunded amount", "Montant remboursé"),
    "ui.role.status": ("Status", "Statut"),
    "ui.role.opt_out": ("Opt-out", "Désinscription"),
    "ui.role.opt_out_date": ("Opt-out date", "Date de désinscription"),
    "ui.data.dates": ("Dates like 03/04/2024 read as", "Les dates comme 03/04/2024 se lisent"),
    "ui.data.dayfirst": ("day/month/year", "jour/mois/année"),
    "ui.data.monthfirst": ("month/day/year", "mois/jour/année"),
    "ui.data.auto": ("decided from the data", "déduit des données"),
    "ui.data.decimal": ("Decimal separator for values like 1,234", "Séparateur décimal pour des valeurs comme 1,234"),
    "ui.data.report": ("Row check", "Contrôle des lignes"),
    "ui.data.read": ("Rows read", "Lignes lues"),
    "ui.data.used": ("Used", "Utilisées"),
    "ui.data.rejected": ("Rejected", "Rejetées"),
    "ui.data.after": ("After the as-of date", "Postérieures à la date d'observation"),
    "ui.data.blank": ("Blank rows skipped: {n}.", "Lignes vides ignorées : {n}."),
    "ui.data.reasons": ("Why rows were rejected", "Pourquoi des lignes ont été rejetées"),
    "ui.data.download_rejected": ("Download the rejected rows (CSV)", "Télécharger les lignes rejetées (CSV)"),
    "ui.data.warnings": ("Worth a look", "À vérifier"),
    "ui.data.contents": ("What the file holds", "Ce que contient le fichier"),
    "ui.data.customers": (
        "Customers",
        "Fiches clients",
    ),
    "ui.data.clients": (
        "Clients",
        "Clients",
    ),
    "ui.data.orders": ("Purchase occasions", "Achats"),
    "ui.data.segments": ("Segments", "Segments"),
    "ui.data.shape_customers": (
        "One row per customer: history (won and lost, reactivation, moves between stages) is not available.",
        "Une ligne par client : l'historique (gains et pertes, réactivation, passages d'une étape à l'autre) n'est pas disponible.",
    ),
    "ui.data.contacts_loaded": ("Contacts: **{name}** ({n} rows used)", "Contacts : **{name}** ({n} lignes utilisées)"),
    "ui.funnel.title": ("Clients by life-cycle stage", "Répartition des clients par étape du cycle de vie"),
    "ui.funnel.by_segment": ("Split by segment", "Détailler par segment"),
    "ui.funnel.database_not_base": (
        "This file is your customer database, which may not be your whole customer base: customers who bought through other channels, or before the export began, are not in it.",
        "Ce fichier est votre fichier clients, pas forcément toute votre clientèle : les clients qui ont acheté par d'autres canaux, ou avant le début de l'export, n'y figurent pas.",
    ),
    "ui.segments.title": ("Segments side by side", "Les segments côte à côte"),
    "ui.segments.caption": (
        "The five largest segments by buyers, the others pooled; the last row is all buyers. Stage shares as in the stage chart: client stages as % of the group's clients, lost as % of its buyers.",
        "Les cinq plus grands segments en nombre d'acheteurs, les autres regroupés ; la dernière ligne porte sur tous les acheteurs. Parts calculées comme dans la répartition par étape : étapes client en % des clients du groupe, perdus en % de ses acheteurs.",
    ),
    "ui.segments.one": (
        "The sidebar shows one segment: choose “All segments” there to compare them.",
        "Le panneau de gauche n'affiche qu'un segment : choisissez « Tous les segments » pour les comparer.",
    ),
    "ui.funnel.per_stage": ("Per stage", "Par étape"),
    "ui.funnel.kpis": ("Indicators", "Indicateurs"),
    "ui.funnel.list": ("List of a stage", "Liste des fiches d'une étape"),
    "ui.funnel.pick_stage": ("Stage", "Étape"),
    "ui.funnel.download_list": (
        "Download this list (CSV) for a campaign",
        "Télécharger cette liste (CSV) pour une campagne",
    ),
    "ui.funnel.shown": (
        "{n} records in this stage; the first {m} are shown.",
        "{n} fiches dans cette étape ; les {m} premières sont affichées.",
    ),
    "ui.funnel.all_shown": (
        "{n} records in this stage.",
        "{n} fiches dans cette étape.",
    ),
    "ui.funnel.all_shown.1": (
        "1 record in this stage.",
        "1 fiche dans cette étape.",
    ),
    "ui.col.stage": ("Stage", "Étape"),
    "ui.col.segment": ("Segment", "Segment"),
    "ui.col.customers": ("Buyers", "Acheteurs"),
    "ui.col.share_of_clients": ("Share of clients", "Part des clients"),
    "ui.col.stage_share": ("{stage} (%)", "{stage} (%)"),
    "ui.col.reason": ("Reason", "Motif"),
    "ui.col.count": ("Count", "Nombre"),
    "ui.col.share": ("Share", "Part"),
    "ui.col.revenue": ("Revenue, last 12 months", "Chiffre d'affaires, 12 derniers mois"),
    "ui.col.avg_value": ("Average value, 12 months", "Valeur moyenne sur 12 mois"),
    "ui.col.kpi": ("Indicator", "Indicateur"),
    "ui.col.value": ("Value", "Valeur"),
    "ui.col.base": ("Base (number counted)", "Base de calcul (nombre)"),
    "ui.col.one_purchase": ("Of which one purchase only", "Dont un seul achat"),
    "ui.cohort.title": (
        "Customer value of the first months, by quarter of first purchase",
        "Valeur client des premiers mois, par trimestre de premier achat",
    ),
    "ui.cohort.note": (
        "Net amount bought in the first 12, 24 and 36 months from the first purchase, on average; in brackets, the number of buyers whose first months are over (only they enter each figure).",
        "Montant net acheté dans les 12, 24 et 36 mois suivant le premier achat, en moyenne ; entre parenthèses, le nombre d'acheteurs dont ces premiers mois sont écoulés (eux seuls entrent dans chaque chiffre).",
    ),
    "ui.cohort.cohort": ("Cohort (first purchase)", "Cohorte (premier achat)"),
    "ui.cohort.acquired": ("New buyers", "Nouveaux acheteurs"),
    "ui.cohort.value": ("First {m} months", "{m} premiers mois"),
    "ui.col.definition": ("Definition", "Définition"),
    "ui.balance.title": ("Portfolio balance", "Équilibre du portefeuille clients"),
    "ui.balance.period": ("Group by", "Regrouper par"),
    "ui.balance.span": (
        "Dates of the bridge chart (from … to …)",
        "Période du graphique en cascade (du … au …)",
    ),
    "ui.balance.flows": ("Clients won and lost over time", "Clients gagnés et perdus dans le temps"),
    "ui.balance.money": ("Revenue won and lost", "Chiffre d'affaires gagné et perdu"),
    "ui.balance.history": ("Stages over time", "Évolution des étapes dans le temps"),
    "ui.balance.transitions": (
        "Moves between stages from one date to another",
        "Passages d'une étape à l'autre entre deux dates",
    ),
    "ui.balance.from": ("From", "Du"),
    "ui.balance.to": ("To", "Au"),
    "ui.balance.durations": ("Length of the life cycle and of each stage", "Durée du cycle de vie et des étapes"),
    "ui.balance.table": ("The won and lost table", "Le tableau des gains et pertes"),
    "ui.balance.kpis": ("The four indicators over time", "Les quatre indicateurs dans le temps"),
    "ui.balance.kpis_period": ("Computed at each", "Calculés à chaque"),
    "ui.balance.kpis_month": ("month end", "fin de mois"),
    "ui.balance.kpis_half": ("half-year end", "fin de semestre"),
    "ui.balance.kpis_table": (
        "The indicators and their bases, date by date",
        "Les indicateurs et leurs bases, date par date",
    ),
    "ui.dur.cycles": ("Completed life cycles (repeat buyers)", "Cycles de vie terminés (achats répétés)"),
    "ui.dur.no_cycle": (
        "No life cycle is complete yet: no client has been lost yet, so no cycle length can be measured.",
        "Aucun cycle de vie n'est encore terminé : aucun client n'a encore été perdu, donc aucune durée de cycle ne peut être mesurée.",
    ),
    "ui.dur.no_repeat_cycle": (
        "No repeat buyer has been lost yet, so no cycle length can be measured.",
        "Aucun acheteur ayant acheté plusieurs fois n'a encore été perdu, donc aucune durée de cycle ne peut être mesurée.",
    ),
    "ui.dur.rests_on": (
        "The lengths rest on {n} completed cycles of buyers who bought on two days or more.",
        "Les durées reposent sur {n} cycles terminés d'acheteurs ayant acheté au moins deux jours différents.",
    ),
    "ui.dur.rests_on.1": (
        "The lengths rest on 1 completed cycle of a buyer who bought on two days or more.",
        "Les durées reposent sur 1 cycle terminé d'un acheteur ayant acheté au moins deux jours différents.",
    ),
    "ui.dur.left_out": (
        "{n} lost customers who bought once are left out: their cycle is the client window ({window} months) by construction, not a measure of the customers.",
        "{n} fiches perdues après un seul achat sont laissées de côté : leur cycle durerait toujours {window} mois par définition : il n'apprendrait rien sur eux.",
    ),
    "ui.dur.left_out.1": (
        "1 lost customer who bought once is left out: their cycle is the client window ({window} months) by construction, not a measure of the customers.",
        "1 fiche perdue après un seul achat est laissée de côté : son cycle durerait toujours {window} mois par définition : il n'apprendrait rien sur lui.",
    ),
    "ui.dur.mean": ("Mean length (months)", "Durée moyenne (mois)"),
    "ui.dur.median": ("Median length (months)", "Durée médiane (mois)"),
    # The heading of the four per-stage figures below it, each labelled with its stage alone
    # (a label per metric with the whole phrase was cut with «…» at four columns).
    "ui.dur.stages": ("Mean months spent in each stage", "Nombre moyen de mois passés dans chaque étape"),
    "ui.dur.note": (
        "A completed cycle runs from the first purchase to the day the customer became lost. Time in a stage is measured from one month end to the next.",
        "Un cycle terminé va du premier achat au jour où il est devenu client perdu. Le temps passé dans une étape est mesuré d'une fin de mois à l'autre.",
    ),
    "ui.no_history": (
        "Not available: the file has one row per customer, without purchase history.",
        "Indisponible : le fichier a une ligne par client, sans historique d'achats.",
    ),
    "ui.whatif.title": ("What if…", "Et si…"),
    "ui.whatif.intro": (
        "Scenario A is the definition set in the sidebar. Move scenario B's thresholds and see who changes stage.",
        "Le scénario A est la définition réglée dans le panneau de gauche. Modifiez les seuils du scénario B et voyez qui change d'étape.",
    ),
    "ui.whatif.a": ("Scenario A (current)", "Scénario A (actuel)"),
    "ui.whatif.b": ("Scenario B", "Scénario B"),
    "ui.whatif.diff": ("Difference B − A", "Différence B − A"),
    "ui.whatif.from_to": ("Under A ↓, under B →", "Avec A ↓, avec B →"),
    "ui.whatif.to": ("B: {stage}", "B : {stage}"),
    "ui.whatif.moves": ("Who changes stage from A to B", "Qui change d'étape entre A et B"),
    "ui.whatif.movers": ("{n} customers change stage.", "{n} fiches changent d'étape."),
    "ui.whatif.movers.1": (
        "1 customer changes stage.",
        "1 fiche change d'étape.",
    ),
    "ui.whatif.nobody": ("Nobody changes stage.", "Personne ne change d'étape."),
    "ui.whatif.download": (
        "Download the customers who change stage (CSV)",
        "Télécharger les fiches qui changent d'étape (CSV)",
    ),
    "ui.whatif.sensitivity": ("What a threshold changes", "Effet d'un seuil"),
    "ui.whatif.which": ("Threshold to slide", "Seuil à faire varier"),
    "ui.export.title": ("Export and share", "Exporter et partager"),
    "ui.export.chart": ("Chart", "Graphique"),
    "ui.export.annotated": (
        "The chart as shown, with the definition, the total number of clients and the period",
        "Le graphique tel qu'affiché, avec la définition, le nombre total de clients et la période",
    ),
    "ui.export.download_chart": ("Download this chart", "Télécharger ce graphique"),
    "ui.export.preview": (
        "Preview of the annotated chart, as last shown on its page (span, dates, segment split, grouping).",
        "Aperçu du graphique annoté, tel que montré sur sa page (période, dates, détail par segment, regroupement).",
    ),
    "ui.export.files": ("Files to hand over", "Fichiers à remettre"),
    "ui.export.workbook": ("Workbook (Excel)", "Classeur (Excel)"),
    "ui.export.deck": ("Workshop deck (PowerPoint)", "Présentation d'atelier (PowerPoint)"),
    "ui.export.deck_named": (
        "Its “Clients to contact first” slide names customers. Turn on “Anonymise names and ids” in the sidebar before the deck travels.",
        "Sa diapositive « Clients à relancer en priorité » cite des clients par leur nom. Activez « Anonymiser noms et identifiants » dans le panneau de gauche avant de diffuser la présentation.",
    ),
    "ui.export.deck_anonymous": (
        "Anonymised: customer ids are pseudonyms and names are left out.",
        "Anonymisée : les identifiants clients sont des pseudonymes et les noms sont retirés.",
    ),
    "ui.export.summary": ("One-page summary (PDF)", "Synthèse sur une page (PDF)"),
    "ui.export.with_value": (
        "Add the value model's columns to the customers (probability of still buying, expected purchases and value)",
        "Ajouter à la liste des fiches les colonnes du modèle de valeur (probabilité d'être encore acheteur, achats et valeur attendus)",
    ),
    "ui.export.prepare": ("Prepare the workbook ({n} customers)", "Préparer le classeur ({n} fiches)"),
    "ui.export.preparing": ("Writing the workbook: {what}", "Écriture du classeur : {what}"),
    "ui.export.prepared": (
        "Workbook ready ({size}, written in {seconds} s).",
        "Classeur prêt ({size}, écrit en {seconds} s).",
    ),
    "ui.export.csv": ("Every customer with their stage (CSV)", "Toutes les fiches avec leur étape (CSV)"),
    "ui.export.card": (
        "Definitions card (text file, .md)",
        "Fiche de définitions (texte .md, à coller dans un document)",
    ),
    "ui.export.scenario": ("Scenario", "Scénario"),
    "ui.export.save": (
        "Save the scenario (settings file, .json)",
        "Enregistrer le scénario (fichier de réglages .json)",
    ),
    "ui.export.load": ("Load a scenario (settings file, .json)", "Charger un scénario (fichier de réglages .json)"),
    "ui.export.loaded": ("Scenario loaded.", "Scénario chargé."),
    "ui.export.link": (
        "Shareable link (settings only, no customer data)",
        "Lien à partager (réglages seulement, aucune donnée client)",
    ),
    "ui.export.link_help": (
        "Open it later or send it: it restores the language, the definition and the options. Load the same file.",
        "Ouvrez-le plus tard ou envoyez-le : il restaure la langue, la définition et les options. Chargez le même fichier.",
    ),
    "ui.chart.kpis": ("The four indicators over time", "Les quatre indicateurs dans le temps"),
    "ui.chart.funnel": ("Clients by life-cycle stage", "Répartition par étape du cycle de vie"),
    "ui.chart.segments": ("Segments side by side", "Les segments côte à côte"),
    "ui.chart.whatif": ("What if: A against B", "Simulation : A contre B"),
    "ui.chart.balance": (
        "Clients won and lost, from start to end of the period",
        "Clients gagnés et perdus, du début à la fin de la période",
    ),
    "ui.chart.flows": ("Clients won and lost per period", "Clients gagnés et perdus par période"),
    "ui.chart.money": ("Revenue won and lost", "Chiffre d'affaires gagné et perdu"),
    "ui.chart.history": ("Stages over time", "Évolution des étapes dans le temps"),
    "ui.chart.transitions": (
        "Moves between stages from one date to another",
        "Passages d'une étape à l'autre entre deux dates",
    ),
    "ui.chart.thresholds": ("Time between purchases and the thresholds", "Délai entre deux achats et seuils choisis"),
    "ui.chart.sensitivity": ("What a threshold changes in the stages", "Effet d'un seuil sur les étapes"),
    "ui.chart.alive": ("Still buying? (customer value)", "Encore acheteur ? (valeur client)"),
    "ui.chart.calibration": (
        "Can the model be trusted? Predicted vs actual (customer value)",
        "Fiabilité du modèle : prévu contre réalisé (valeur client)",
    ),
    "ui.error.unexpected": (
        "Something went wrong while processing {what}. The file may be damaged or unusual; try another export.",
        "Un problème est survenu pendant le traitement de {what}. Le fichier est peut-être abîmé ou inhabituel ; essayez un autre export.",
    ),
    "ui.error.fix_thresholds": (
        "Fix the thresholds in the sidebar first.",
        "Corrigez d'abord les seuils dans le panneau de gauche.",
    ),
}


def pick(table: dict[str, tuple[str, str]], key: str, lang: str = "en", **fields: object) -> str:
    """The text for ``key`` in a module's own ``{key: (english, french)}`` table."""
    en, fr = table[key]
    return formats.typeset(fr.format(**fields), "fr") if lang == "fr" else en.format(**fields)


class Key(str):
    """A field that is itself a text key, put in words in the reader's language
    (``Key("order.dayfirst")`` reads «day/month/year» or «jour/mois/année»)."""


def shorten(text: object, most: int = 80, length: int | None = None) -> str:
    """Text from a file cut to a readable length for a message: «aaaa… (50,000,000
    characters)» rather than a message the size of the file. ``length``: the whole
    value's, when ``text`` is already a part of it."""
    text = str(text)
    if len(text) <= most and length is None:
        return text
    return f"{text[: most - 1]}… ({length or len(text):,} characters)"


def quoted(values, lang: str = "en") -> str:
    """Values from a file, each in the language's quotation marks: “A1 ”, “b” in English,
    « A1  », « b » in French; a separator between them. A long value is cut (``shorten``)."""
    if isinstance(values, str):
        values = [values]
    values = [shorten(v) for v in values]
    if lang == "fr":
        return ", ".join(f"«\u202f{v}\u202f»" for v in values)
    return ", ".join(f"“{v}”" for v in values)


def t(key: str, lang: str = "en", **fields: object) -> str:
    """The text for ``key`` in ``lang`` (``en`` or ``fr``), with its fields filled in.

    A count ``n`` of one takes the singular text ``key + ".1"`` when there is one."""
    if fields.get("n") in (1, "1") and f"{key}.1" in TEXT:
        key = f"{key}.1"
    return pick(TEXT, key, lang, **fields)


def stage_label(stage: str, lang: str = "en") -> str:
    return t(f"stage.{stage}", lang)


def fmt_int(n: float | int | None, lang: str = "en") -> str:
    """``12,345`` in English, ``12 345`` (narrow no-break space) in French."""
    return formats.integer(n, lang)


def fmt_signed(n: int, lang: str = "en", zero: str = "") -> str:
    """A difference: ``+12``, ``\u22123`` (a true minus sign), ``zero`` + ``0``."""
    return ("+" if n > 0 else "\u2212" if n < 0 else zero) + fmt_int(abs(n), lang)


def fmt_pct(x: float | None, lang: str = "en", digits: int = 1) -> str:
    """``12.3%`` in English, ``12,3 %`` in French."""
    return formats.percent(x, lang, digits)


def fmt_money(x: float | None, lang: str = "en", digits: int = 2) -> str:
    """An amount in the work's currency: ``€1,465.23``, ``1 465,23 €``."""
    return formats.money(x, lang, digits)


def fmt_number(x: float | None, lang: str = "en", digits: int = 1) -> str:
    """A number that is not money: ``2.5`` / ``2,5`` months, purchases, a ratio."""
    return formats.decimal(x, lang, digits)


def fmt_date(d: object, lang: str = "en") -> str:
    """``2025-12-31`` in English, ``31/12/2025`` in French."""
    return formats.date(d, lang)
