"""TG-PUB-001 (rules/network_exposure/s3_bucket_policy.py)."""
from ..snippets import check, check_live

OPEN = "{BlockPublicAcls: false, IgnorePublicAcls: false, BlockPublicPolicy: false, RestrictPublicBuckets: false}"


def _site(block: str, statement: str) -> str:
    return f"""
        Resources:
          Site:
            Type: AWS::S3::Bucket
            Properties:
              WebsiteConfiguration: {{IndexDocument: index.html}}
              {block}
          SitePolicy:
            Type: AWS::S3::BucketPolicy
            Properties:
              Bucket: {{Ref: Site}}
              PolicyDocument: {{Statement: [{statement}]}}
    """


PUBLIC_READ = "{Effect: Allow, Principal: {AWS: '*'}, Action: 's3:GetObject', Resource: {'Fn::Sub': '${Site.Arn}/*'}}"


def test_a_public_website_bucket_fails() -> None:
    [finding] = check("TG-PUB-001", _site(f"PublicAccessBlockConfiguration: {OPEN}", PUBLIC_READ))
    assert finding.severity.value == "high" and "s3:GetObject" in finding.message and "static website" in finding.message


def test_anyone_writing_is_critical() -> None:
    [finding] = check("TG-PUB-001", _site(f"PublicAccessBlockConfiguration: {OPEN}",
                                          "{Effect: Allow, Principal: '*', Action: 's3:PutObject', Resource: '*'}"))
    assert finding.severity.value == "critical"


def test_cloudfront_origin_access_control_passes() -> None:
    oac = ("{Effect: Allow, Principal: {Service: cloudfront.amazonaws.com}, Action: 's3:GetObject', Resource: '*', "
           "Condition: {StringEquals: {'AWS:SourceArn': 'arn:aws:cloudfront::123456789012:distribution/E1'}}}")
    assert check("TG-PUB-001", _site(f"PublicAccessBlockConfiguration: {OPEN}", oac)) == []


def test_block_public_access_neutralizes_it_and_says_which_setting() -> None:
    [default] = check("TG-PUB-001", _site("", PUBLIC_READ))
    assert default.severity.value == "info" and "S3's default Block Public Access" in default.message
    [explicit] = check("TG-PUB-001", _site("PublicAccessBlockConfiguration: {RestrictPublicBuckets: true}", PUBLIC_READ))
    assert explicit.severity.value == "info" and "RestrictPublicBuckets" in explicit.message


def test_live_the_account_level_setting_counts() -> None:
    resources = """
        - {type: AWS::S3::Bucket, id: site, properties: {BucketName: site, PublicAccessBlockConfiguration: {}}}
        - type: AWS::S3::BucketPolicy
          id: site
          properties:
            Bucket: site
            PolicyDocument: '{"Statement": [{"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject"}]}'
    """
    [exposed] = check_live("TG-PUB-001", resources)
    assert exposed.severity.value == "high"
    blocked = resources + """
        - {type: AWS::S3::AccountPublicAccessBlock, id: '123456789012', region: '', properties: {RestrictPublicBuckets: true}}
    """
    [note] = check_live("TG-PUB-001", blocked)
    assert note.severity.value == "info" and "the account's S3 Block Public Access" in note.message
