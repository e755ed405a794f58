"""TG-SG-001 (rules/open_ingress/public_port.py)."""
from ..snippets import check


def test_ssh_open_to_the_world_fails_critical() -> None:
    [finding] = check("TG-SG-001", """
        Resources:
          Group:
            Type: AWS::EC2::SecurityGroup
            Properties:
              GroupDescription: test
              SecurityGroupIngress: [{IpProtocol: tcp, FromPort: 22, ToPort: 22, CidrIp: 0.0.0.0/0}]
    """)
    assert finding.severity.value == "critical" and "tcp/22 (SSH)" in finding.message


def test_a_port_range_over_ipv6_fails() -> None:
    [finding] = check("TG-SG-001", """
        Resources:
          Group:
            Type: AWS::EC2::SecurityGroup
            Properties:
              GroupDescription: test
              SecurityGroupIngress: [{IpProtocol: tcp, FromPort: 8000, ToPort: 8100, CidrIpv6: '::/0'}]
    """)
    assert "::/0" in finding.message


def test_https_only_passes() -> None:
    assert check("TG-SG-001", """
        Resources:
          Group:
            Type: AWS::EC2::SecurityGroup
            Properties:
              GroupDescription: test
              SecurityGroupIngress: [{IpProtocol: tcp, FromPort: 443, ToPort: 443, CidrIp: 0.0.0.0/0}]
    """) == []
