"""Refresh scanner/data/prices.json from AWS Price List bulk offer files given as local input.

    python -m tierguard.scanner.cost.refresh OFFER_FILE... [--table PATH] [--dry-run]

Each OFFER_FILE is one service's regional offer as AWS publishes it (offer index.csv, or
index.json), for example
https://pricing.us-east-1.amazonaws.com/offers/v1.0/aws/AWSELB/20260831092255/us-east-1/index.csv
— download them yourself (tierguard itself never goes online). Files are streamed row by row
(CSV with the standard library; JSON with ijson: `pip install 'tierguard[refresh]'`), so the
AmazonEC2 file of several hundred MB needs a few MB of memory. Only on-demand prices of the
products tierguard prices are kept; each updated figure records the offer's publication date,
version, region and SKU, with confidence `verified`. A truncated or malformed file is an error
and changes nothing.
"""
from __future__ import annotations

import argparse
import csv
import json
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

DEFAULT_TABLE = Path(__file__).resolve().parent.parent / "data" / "prices.json"

# Offer "Location" names of the regions tierguard prices, for files without a regionCode column.
LOCATIONS = {
    "US East (N. Virginia)": "us-east-1",
    "US West (Oregon)": "us-west-2",
    "EU (Ireland)": "eu-west-1",
    "Europe (Ireland)": "eu-west-1",
    "EU (Frankfurt)": "eu-central-1",
    "Europe (Frankfurt)": "eu-central-1",
    "Asia Pacific (Mumbai)": "ap-south-1",
}
_USAGE_PREFIX = re.compile(r"^[A-Z]{2,4}\d?-")
RDS_ENGINES = {"MySQL": "mysql", "PostgreSQL": "postgres", "MariaDB": "mariadb"}


class OfferError(Exception):
    """The offer file cannot be used; nothing is written."""


@dataclass(frozen=True)
class Figure:
    key: str
    variant: str | None
    region: str
    usd: Decimal
    sku: str


def classify(attributes: dict[str, str]) -> tuple[str, str | None] | None:
    """(price-table key, variant) for a product tierguard prices, else None. Keys are lower-case."""
    family = attributes.get("productfamily", "")
    usage = _USAGE_PREFIX.sub("", attributes.get("usagetype", ""))
    service = attributes.get("servicecode", "")
    exact = {
        "NatGateway-Hours": "nat_gateway_hour",
        "NatGateway-Bytes": "nat_gateway_gb",
        "PublicIPv4:InUseAddress": "public_ipv4_hour",
        "PublicIPv4:IdleAddress": "public_ipv4_idle_hour",
        "VpcEndpoint-Hours": "interface_endpoint_az_hour",
        "VpcEndpoint-Bytes": "interface_endpoint_gb",
        "Fargate-vCPU-Hours:perCPU": "fargate_vcpu_hour",
        "Fargate-GB-Hours": "fargate_gb_hour",
        "Fargate-ARM-vCPU-Hours:perCPU": "fargate_arm_vcpu_hour",
        "Fargate-ARM-GB-Hours": "fargate_arm_gb_hour",
        "Fargate-EphemeralStorage-GB-Hours": "fargate_storage_gb_hour",
        "RDS:GP3-Storage": "rds_storage_gb_month",
        "Aurora:ServerlessV2Usage": "aurora_acu_hour",
        "Aurora:StorageUsage": "aurora_storage_gb_month",
        "CW:MetricMonitorUsage": "custom_metric_month",
        "CW:AlarmMonitorUsage": "alarm_month",
        "AWSSecretsManager-Secrets": "secret_month",
        "KMS-Keys": "kms_key_month",
        "HostedZone": "hosted_zone_month",
        "EBS:VolumeUsage.gp3": "ebs_gp3_gb_month",
        "EBS:VolumeUsage.gp2": "ebs_gp2_gb_month",
    }
    if usage in exact:
        return exact[usage], None
    if usage.endswith(("LoadBalancerUsage", "LCUUsage")):
        capacity = usage.endswith("LCUUsage")
        if family == "Load Balancer-Application":
            return ("alb_lcu_hour" if capacity else "alb_hour"), None
        if family == "Load Balancer-Network":
            return ("nlb_nlcu_hour" if capacity else "nlb_hour"), None
        if family == "Load Balancer" and not capacity:
            return "clb_hour", None
    if family == "Load Balancer" and usage.startswith("DataProcessing-Bytes"):
        return "clb_gb", None
    if usage == "TimedStorage-ByteHrs":
        storage = {"AmazonCloudWatch": "logs_storage_gb_month", "AmazonECR": "ecr_storage_gb_month"}.get(service)
        return (storage, None) if storage else None
    if usage == "DataProcessing-Bytes" and service == "AmazonCloudWatch":
        return "logs_ingest_gb", None
    if (
        family == "Compute Instance"
        and usage.startswith("BoxUsage:")
        and attributes.get("operatingsystem") == "Linux"
        and attributes.get("tenancy") == "Shared"
        and attributes.get("preinstalledsw", "NA") == "NA"
        and attributes.get("capacitystatus", "Used") == "Used"
    ):
        return "ec2_hour", attributes.get("instancetype")
    if family == "Database Instance" and attributes.get("deploymentoption") == "Single-AZ":
        engine = RDS_ENGINES.get(attributes.get("databaseengine", ""))
        if engine and attributes.get("instancetype"):
            return "rds_hour", f"{engine}/{attributes['instancetype']}"
    return None


def _region(attributes: dict[str, str]) -> str:
    code = attributes.get("regioncode")
    if code:
        return code
    location = attributes.get("location", "")
    if location in LOCATIONS:
        return LOCATIONS[location]
    return "us-east-1" if location in ("", "Any", "Global") else location


def _normalise(record: dict[str, Any]) -> dict[str, str]:
    return {str(k).replace(" ", "").lower(): str(v) for k, v in record.items() if v is not None}


# --- CSV ------------------------------------------------------------------------------------

def read_csv(path: Path) -> tuple[dict[str, str], Iterator[Figure]]:
    handle = path.open(newline="", encoding="utf-8")
    metadata: dict[str, str] = {}
    reader = csv.reader(handle)
    header: list[str] | None = None
    for row in reader:
        if len(row) == 2 and not header:
            metadata[row[0].strip()] = row[1].strip()
            continue
        header = [c.replace(" ", "").lower() for c in row]
        break
    if header is None or "sku" not in header:
        handle.close()
        raise OfferError(f"{path}: no header row with SKU: not an AWS offer CSV")
    return metadata, _csv_figures(path, handle, reader, header)


def _csv_figures(path: Path, handle, reader, header: list[str]) -> Iterator[Figure]:
    with handle:
        for line, row in enumerate(reader, start=7):
            if len(row) != len(header):
                raise OfferError(f"{path}: line {line} has {len(row)} columns, the header {len(header)}: truncated download?")
            record = dict(zip(header, row, strict=True))
            figure = _figure(record, record)
            if figure is not None:
                yield figure
        handle.seek(0, 2)
        size = handle.tell()
        if size:
            handle.seek(size - 1)
            if handle.read(1) != "\n":
                raise OfferError(f"{path}: does not end with a newline: truncated download?")


def _figure(attributes: dict[str, str], term: dict[str, str]) -> Figure | None:
    if term.get("termtype", "OnDemand") != "OnDemand":
        return None
    if term.get("startingrange", "0") not in ("0", "0.0", ""):
        return None  # only the first tier
    classified = classify(attributes)
    if classified is None or classified[0] is None:
        return None
    try:
        usd = Decimal(term.get("priceperunit", ""))
    except InvalidOperation:
        return None
    if usd <= 0 and classified[0] not in ("interface_endpoint_gb",):
        return None
    return Figure(classified[0], classified[1], _region(attributes), usd, attributes.get("sku", "?"))


# --- JSON -----------------------------------------------------------------------------------

def read_json(path: Path) -> tuple[dict[str, str], Iterator[Figure]]:
    try:
        import ijson
    except ImportError:
        raise OfferError("reading JSON offer files needs ijson: pip install 'tierguard[refresh]' (or use the CSV file)") from None
    metadata: dict[str, str] = {}
    wanted: dict[str, dict[str, str]] = {}
    try:
        with path.open("rb") as handle:
            for prefix, event, value in ijson.parse(handle):
                if prefix in ("offerCode", "version", "publicationDate") and event == "string":
                    metadata[prefix] = value
                if prefix == "products":
                    break
        with path.open("rb") as handle:
            for sku, product in ijson.kvitems(handle, "products"):
                attributes = _normalise(product.get("attributes", {}))
                attributes["productfamily"] = str(product.get("productFamily", ""))
                attributes["sku"] = sku
                if classify(attributes):
                    wanted[sku] = attributes
    except ijson.JSONError as exc:
        raise OfferError(f"{path}: malformed JSON ({_one_line(exc)}): truncated download?") from None
    return _renamed(metadata), _json_figures(path, wanted)


def _json_figures(path: Path, wanted: dict[str, dict[str, str]]) -> Iterator[Figure]:
    import ijson

    try:
        with path.open("rb") as handle:
            for sku, offers in ijson.kvitems(handle, "terms.OnDemand"):
                attributes = wanted.get(sku)
                if attributes is None:
                    continue
                for offer in offers.values():
                    for dimension in offer.get("priceDimensions", {}).values():
                        term = {
                            "termtype": "OnDemand",
                            "startingrange": str(dimension.get("beginRange", "0")),
                            "priceperunit": str(dimension.get("pricePerUnit", {}).get("USD", "")),
                        }
                        figure = _figure(attributes, term)
                        if figure is not None:
                            yield figure
    except ijson.JSONError as exc:
        raise OfferError(f"{path}: malformed JSON ({_one_line(exc)}): truncated download?") from None


def _one_line(exc: Exception) -> str:
    return " ".join(str(exc).split()).split(" (right here)")[0]


def _renamed(metadata: dict[str, str]) -> dict[str, str]:
    return {"OfferCode": metadata.get("offerCode", ""), "Version": metadata.get("version", ""),
            "Publication Date": metadata.get("publicationDate", "")}


# --- the table ------------------------------------------------------------------------------

def refresh(table: dict[str, Any], offers: list[Path]) -> list[str]:
    """Update `table` in place from the offers; returns one line per changed figure."""
    changes: list[str] = []
    for path in offers:
        reader = read_json if path.suffix.lower() == ".json" else read_csv
        metadata, figures = reader(path)
        # One figure per product, kept while the file streams by; applied only once it was read whole.
        latest: dict[tuple[str, str | None, str], Figure] = {}
        for figure in figures:
            latest[(figure.key, figure.variant, figure.region)] = figure
        published = (metadata.get("Publication Date") or "")[:10] or "unknown"
        offer = f"{metadata.get('OfferCode', '?')}/{metadata.get('Version', '?')}"
        for figure in latest.values():
            changes.extend(_apply(table, figure, published, offer))
    if changes:
        dates = [figure_date for figure_date in _all_dates(table)]
        table["as_of"] = max(dates) if dates else table.get("as_of")
    return changes


def _apply(table: dict[str, Any], figure: Figure, published: str, offer: str) -> list[str]:
    entry = table["prices"].get(figure.key)
    if entry is None:
        return []
    regions = entry.setdefault("regions", {})
    source = f"OFFER {offer}/{figure.region} SKU {figure.sku}"
    usd = format(figure.usd.normalize(), "f")
    if figure.variant is not None:
        region = regions.setdefault(figure.region, {"as_of": published, "source": source, "confidence": "verified", "types": {}})
        types = region.setdefault("types", {})
        if figure.variant not in types and not _wanted_variant(figure.variant):
            return []
        old = types.get(figure.variant, {}).get("usd")
        types[figure.variant] = {"usd": usd, "as_of": published, "source": source, "confidence": "verified"}
    else:
        old = regions.get(figure.region, {}).get("usd")
        regions[figure.region] = {"usd": usd, "as_of": published, "source": source, "confidence": "verified"}
    label = f"{figure.key}{'/' + figure.variant if figure.variant else ''} {figure.region}"
    return [f"{label}: {old or '-'} -> {usd}"] if old != usd else []


_LAB_FAMILIES = {"t2", "t3", "t3a", "t4g", "m5", "m6i", "m6g", "m7i", "m7i-flex", "c7i-flex"}


def _wanted_variant(variant: str) -> bool:
    """New instance or DB classes are added only for the families labs use, not all several hundred."""
    instance_class = variant.rsplit("/", 1)[-1].removeprefix("db.")
    return instance_class.split(".")[0] in _LAB_FAMILIES


def _all_dates(table: dict[str, Any]) -> Iterator[str]:
    for entry in table["prices"].values():
        for figure in entry.get("regions", {}).values():
            if re.fullmatch(r"\d{4}-\d{2}-\d{2}", str(figure.get("as_of", ""))):
                yield figure["as_of"]
            for typed in figure.get("types", {}).values():
                if re.fullmatch(r"\d{4}-\d{2}-\d{2}", str(typed.get("as_of", ""))):
                    yield typed["as_of"]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("offers", nargs="+", type=Path, help="offer files (index.csv or index.json)")
    parser.add_argument("--table", type=Path, default=DEFAULT_TABLE, help="the price table to update")
    parser.add_argument("--dry-run", action="store_true", help="show the changes, write nothing")
    args = parser.parse_args(argv)
    try:
        table = json.loads(args.table.read_text(encoding="utf-8"))
        for offer in args.offers:
            if not offer.is_file():
                raise OfferError(f"{offer}: no such file")
        changes = refresh(table, args.offers)
    except (OfferError, OSError, ValueError) as exc:
        print(f"refresh: error: {exc}", file=sys.stderr)
        return 2
    for change in changes:
        print(change)
    if not changes:
        print("no figure changed")
    elif not args.dry_run:
        table["version"] = f"{table.get('as_of', 'unknown')}.refresh"
        args.table.write_text(json.dumps(table, indent=1) + "\n", encoding="utf-8")
        print(f"written: {args.table}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
