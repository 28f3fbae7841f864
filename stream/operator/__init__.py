"""The operator port: probes, Prometheus metrics, the request API, uploads and the console.

Served on ``HTTP_PORT`` by Faust's aiohttp server in the worker; the routes
depend on small seams (``Services``) so they are tested over fakes.
"""

from ._app import Operator
from ._masking import mask_full_name, mask_iin, mask_name
from ._ports import OperatorConfig, Probe, RequestLog, Services, ServicesSource, Submitter, Upload
from ._runtime import operator_config, runtime_services

__all__ = [
    "Operator",
    "OperatorConfig",
    "Probe",
    "RequestLog",
    "Services",
    "ServicesSource",
    "Submitter",
    "Upload",
    "mask_full_name",
    "mask_iin",
    "mask_name",
    "operator_config",
    "runtime_services",
]
