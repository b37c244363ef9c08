"""Creates one CloudFormation stack in a moto server and prints, as JSON, what moto made of it.

Usage: python3 moto_deploy.py ENDPOINT TEMPLATE_JSON_FILE STACK_NAME PARAMETERS_JSON
   or: python3 moto_deploy.py ENDPOINT TEMPLATE_JSON_FILE --many '[{"stack": NAME, "parameters": {...}}, ...]'
       (one JSON object keyed by stack name: one Python start for many stacks)
Run by MotoDeploymentTest; the assertions live there. Credentials and region are dummies (moto accepts any).
"""
import ast
import json
import sys

import boto3

endpoint, template_file = sys.argv[1], sys.argv[2]
session = boto3.Session(aws_access_key_id="testing", aws_secret_access_key="testing", region_name="us-east-1")
cf, iam, s3, logs, cloudwatch = (session.client(name, endpoint_url=endpoint)
                                 for name in ("cloudformation", "iam", "s3", "logs", "cloudwatch"))


def call(fn, **kwargs):
    """The response without its metadata, or {'error': ...} when moto refuses it."""
    try:
        response = fn(**kwargs) or {}
        response.pop("ResponseMetadata", None)
        return response
    except Exception as e:  # report to the test, which decides
        return {"error": f"{type(e).__name__}: {e}"}


def document(doc):
    """A policy document as a dict. moto 5.2.1 returns the inline policies a stack created as a Python repr."""
    if isinstance(doc, str):
        try:
            return json.loads(doc)
        except ValueError:
            return ast.literal_eval(doc)
    return doc


def deploy(body, stack_name, parameters):
    created = call(cf.create_stack, StackName=stack_name, TemplateBody=body, Capabilities=["CAPABILITY_NAMED_IAM"],
                   Parameters=[{"ParameterKey": k, "ParameterValue": v} for k, v in parameters.items()])
    report = {"create": created}
    if "error" not in created:
        waited = call(cf.get_waiter("stack_create_complete").wait, StackName=stack_name,
                      WaiterConfig={"Delay": 1, "MaxAttempts": 60})
        report["wait"] = waited or {}
        stack = cf.describe_stacks(StackName=stack_name)["Stacks"][0]
        report["status"] = stack["StackStatus"]
        report["reason"] = stack.get("StackStatusReason")
        report["outputs"] = {o["OutputKey"]: o["OutputValue"] for o in stack.get("Outputs", [])}
        resources = cf.list_stack_resources(StackName=stack_name)["StackResourceSummaries"]
        report["resources"] = {r["LogicalResourceId"]: {"type": r["ResourceType"], "physical": r.get("PhysicalResourceId"),
                                                       "status": r["ResourceStatus"]}
                               for r in resources if r["LogicalResourceId"]}  # moto lists a skipped (condition false) one unnamed
        details = {}
        for logical, r in report["resources"].items():
            physical = r["physical"]
            if r["type"] == "AWS::IAM::Role":
                role = call(iam.get_role, RoleName=physical)
                names = call(iam.list_role_policies, RoleName=physical).get("PolicyNames", [])
                details[logical] = {
                    "trust": role.get("Role", {}).get("AssumeRolePolicyDocument"),
                    "policies": {n: document(call(iam.get_role_policy, RoleName=physical, PolicyName=n).get("PolicyDocument"))
                                 for n in names},
                    "attached": call(iam.list_attached_role_policies, RoleName=physical).get("AttachedPolicies", []),
                }
            elif r["type"] == "AWS::S3::Bucket":
                details[logical] = {
                    "encryption": call(s3.get_bucket_encryption, Bucket=physical),
                    "publicAccessBlock": call(s3.get_public_access_block, Bucket=physical),
                    "ownership": call(s3.get_bucket_ownership_controls, Bucket=physical),
                    "lifecycle": call(s3.get_bucket_lifecycle_configuration, Bucket=physical),
                }
            elif r["type"] == "AWS::Logs::LogGroup":
                groups = call(logs.describe_log_groups, logGroupNamePrefix=physical).get("logGroups", [])
                details[logical] = {"names": [g["logGroupName"] for g in groups],
                                    "retention": [g.get("retentionInDays") for g in groups]}
            elif r["type"] == "AWS::CloudWatch::Dashboard":
                details[logical] = {"body": call(cloudwatch.get_dashboard, DashboardName=physical).get("DashboardBody")}
        report["details"] = details
    return report


with open(template_file, encoding="utf-8") as f:
    template_body = f.read()
if sys.argv[3] == "--many":
    print(json.dumps({d["stack"]: deploy(template_body, d["stack"], d["parameters"]) for d in json.loads(sys.argv[4])},
                     default=str))
else:
    print(json.dumps(deploy(template_body, sys.argv[3], json.loads(sys.argv[4])), default=str))
