# syntax=docker/dockerfile:1
# Sekisho in one image: the server (release build) with the dashboard built in. It runs as a
# non-root user against your PostgreSQL (SEKISHO_DATABASE_URL is required: the image carries no
# PostgreSQL server, so the embedded mode is not available in it). See deploy/README.md.

FROM rust:1.95-bookworm AS server
WORKDIR /src
COPY rust-toolchain.toml Cargo.toml Cargo.lock ./
COPY crates ./crates
COPY migrations ./migrations
COPY openapi ./openapi
RUN cargo build --release --locked --bin sekisho \
    && install -D -m 0755 target/release/sekisho /out/sekisho

FROM node:20-bookworm-slim AS dashboard
WORKDIR /src/web
COPY web/package.json web/package-lock.json ./
RUN npm ci --no-audit --no-fund --loglevel=error
COPY web ./
COPY openapi /src/openapi
RUN npm run build

FROM debian:bookworm-slim
# ca-certificates for TLS to PostgreSQL (sslmode=verify-full with sslrootcert=system) and to
# enrichment providers and webhook endpoints. Debian's security updates move its version, so it
# follows the release rather than a pin.
# hadolint ignore=DL3008
RUN apt-get update \
    && apt-get install -y --no-install-recommends ca-certificates \
    && rm -rf /var/lib/apt/lists/* \
    && groupadd --system --gid 10001 sekisho \
    && useradd --system --uid 10001 --gid sekisho --home-dir /var/lib/sekisho --create-home sekisho
COPY --from=server /out/sekisho /usr/local/bin/sekisho
COPY --from=dashboard /src/web/dist /usr/share/sekisho/web
ENV SEKISHO_LISTEN=0.0.0.0:8080 \
    SEKISHO_WEB_DIR=/usr/share/sekisho/web \
    SEKISHO_DATA_DIR=/var/lib/sekisho \
    SEKISHO_LOG_FORMAT=json
USER 10001:10001
WORKDIR /var/lib/sekisho
EXPOSE 8080
# Liveness: /healthz; readiness: /readyz (the orchestrator probes them over HTTP).
ENTRYPOINT ["/usr/local/bin/sekisho"]
CMD ["serve"]
