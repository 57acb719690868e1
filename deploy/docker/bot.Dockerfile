# The Rasa server and the action server (one image, two commands): Python 3.10 with Rasa 3.6.21.
# Documentation of the container topology (deploy/compose, deploy/kubernetes); `make run-production`
# runs the same processes on one machine. Build from the repository root:
#   docker build -f deploy/docker/bot.Dockerfile -t innbyggerdialog-bot .
FROM python:3.10-slim
ENV PYTHONUNBUFFERED=1 RASA_TELEMETRY_ENABLED=false TF_CPP_MIN_LOG_LEVEL=2 CUDA_VISIBLE_DEVICES="" \
    PYTHONPATH=/app FORCE_JSON_LOGGING=1 LOG_LEVEL=INFO
WORKDIR /app
COPY bot/requirements.txt bot/requirements.txt
COPY common common
RUN pip install --no-cache-dir uv==0.13.9 \
 && uv pip install --system --no-cache -r bot/requirements.txt -e ./common
# The bot, its configuration, the trained model (make model), and the two production modules the
# Rasa processes load: the atomic Redis lock store, the resilient tracker store, the log redaction.
COPY config.yml domain.yml credentials.yml endpoints.production.yml ./
COPY bot bot
COPY content content
COPY models/innbygger.tar.gz models/innbygger.tar.gz
COPY devtools/__init__.py devtools/__init__.py
COPY devtools/production/__init__.py devtools/production/rasa_lock_store.py devtools/production/rasa_tracker_store.py \
     devtools/production/log_redaction.py devtools/production/
COPY deploy/logging deploy/logging
# The trainer (bot/trainer.py) checks a new model against the held-out sets before it is used.
COPY tests/nlu tests/nlu
COPY analytics/themes/data/train.yml analytics/themes/data/train.yml
RUN useradd --uid 1001 --no-create-home rasa && mkdir -p /data && chown rasa /data
USER 1001
# Rasa server (the action server overrides the command, see compose.yaml).
EXPOSE 5005
# The model editors last put in force (/data/models/current, written by the trainer), else the built one.
CMD ["sh", "-c", "exec rasa run --enable-api --auth-token \"$RASA_TOKEN\" --interface 0.0.0.0 --port 5005 \
  --model \"$(cat /data/models/current 2>/dev/null || echo models/innbygger.tar.gz)\" --credentials credentials.yml --endpoints endpoints.production.yml \
  --logging-config-file deploy/logging/rasa.yml --cors $INNBYGGER_CORS_ORIGINS"]
