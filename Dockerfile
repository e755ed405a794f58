# tierguard as a container image, built from the wheel (the same artefact `pipx install .` installs).
#
#   docker build -t tierguard .                        # entrypoint: tierguard
#   docker run --rm -v "$PWD:/work" tierguard templates cdk.out
#   docker build --target batch -t tierguard-batch .   # for integrations/aws (entrypoint: the Batch helper)
#
# Runs as an unprivileged user (uid 10001). tierguard makes no network call but the AWS APIs it scans:
# checkov is told not to download anything, and the image has no other network client of its own.

ARG PYTHON_IMAGE=python:3.11-slim-bookworm

# --- build the wheel: sources in, one .whl out ------------------------------------------------------------
FROM ${PYTHON_IMAGE} AS wheel
WORKDIR /src
COPY . .
RUN python -m pip install --no-cache-dir --disable-pip-version-check build \
 && python -m build --wheel --outdir /wheels .

# --- the runtime: the wheel and its dependencies, nothing of the sources ----------------------------------
FROM ${PYTHON_IMAGE} AS runtime
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_NO_CACHE_DIR=1
COPY --from=wheel /wheels /wheels
RUN python -m pip install /wheels/tierguard-*.whl \
 && rm -rf /wheels \
 && useradd --uid 10001 --create-home --home-dir /home/tierguard --shell /usr/sbin/nologin tierguard \
 && mkdir /work && chown tierguard /work
USER 10001:10001
WORKDIR /work

# --- AWS Batch: the shard / merge helper of integrations/aws ----------------------------------------------
FROM runtime AS batch
COPY --chown=root:root --chmod=0755 integrations/aws/tierguard_batch.py /opt/tierguard/tierguard_batch.py
ENTRYPOINT ["python", "/opt/tierguard/tierguard_batch.py"]
CMD ["shard"]

# --- the default target: tierguard itself ------------------------------------------------------------------
FROM runtime AS tierguard
ENTRYPOINT ["tierguard"]
CMD ["--help"]
