# The intake API (and the analytics command): Python 3.11 with the app's pinned dependencies.
# Documentation of the container topology; build from the repository root:
#   docker build -f deploy/docker/app.Dockerfile -t innbyggerdialog-app .
FROM python:3.11-slim
ENV PYTHONUNBUFFERED=1 PYTHONPATH=/app
WORKDIR /app
COPY pyproject.toml ./
COPY common common
COPY intake_api intake_api
COPY analytics analytics
COPY devtools devtools
COPY content content
COPY widget/dist widget/dist
COPY deploy/logging deploy/logging
RUN pip install --no-cache-dir uv==0.13.9 && uv pip install --system --no-cache -e ./common -e .
RUN useradd --uid 1001 --no-create-home app
USER 1001
EXPOSE 8000
# Behind nginx: trust its X-Forwarded-For (client address for the rate limits) from the proxy's network only.
CMD ["sh", "-c", "exec uvicorn intake_api.main:app --host 0.0.0.0 --port 8000 --proxy-headers \
  --forwarded-allow-ips \"$FORWARDED_ALLOW_IPS\" --timeout-keep-alive 75 --no-server-header \
  --log-config deploy/logging/uvicorn.yml"]
