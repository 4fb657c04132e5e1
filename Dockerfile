# One image for the producer, the consumer and the dashboard (see docker-compose.yml).
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    NEWSSTREAM_DATA_DIR=/app/data

WORKDIR /app

COPY pyproject.toml README.md ./
COPY newsstream ./newsstream
COPY producer ./producer
COPY consumer ./consumer
COPY dashboard ./dashboard
RUN pip install .

COPY seeds ./seeds

RUN useradd --create-home --uid 10001 newsstream \
    && mkdir -p /app/data \
    && chown newsstream /app/data
USER newsstream

EXPOSE 8501
CMD ["newsstream", "--help"]
