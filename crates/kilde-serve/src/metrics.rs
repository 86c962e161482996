//! Prometheus text metrics: requests by method, route and status, a latency
//! histogram per route, and the index's article count.
//!
//! Routes are labelled by their template (`/api/articles/{id}`), never by the
//! path asked for, so a crawler cannot grow the label set without bound.

use std::collections::BTreeMap;
use std::fmt::Write;
use std::sync::Mutex;
use std::time::Instant;

use axum::extract::{MatchedPath, Request, State};
use axum::http::Method;
use axum::middleware::Next;
use axum::response::Response;

use crate::AppState;

/// Upper bounds of the latency buckets, in seconds.
const BUCKETS: [f64; 14] = [
    0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0,
];

/// The label of requests no route matched.
const UNMATCHED: &str = "unmatched";

/// Counters shared by all requests.
#[derive(Default)]
pub struct Metrics {
    inner: Mutex<Tallies>,
}

#[derive(Default)]
struct Tallies {
    requests: BTreeMap<(&'static str, String, u16), u64>,
    latency: BTreeMap<String, Histogram>,
}

#[derive(Default)]
struct Histogram {
    buckets: [u64; BUCKETS.len()],
    sum: f64,
    count: u64,
}

/// The route template a response answered, carried from routing to the
/// outer metrics layer (which runs before routing and cannot see it).
#[derive(Clone)]
struct Route(String);

impl Metrics {
    fn record(&self, method: &'static str, route: String, status: u16, seconds: f64) {
        let mut t = self.inner.lock().unwrap_or_else(|p| p.into_inner());
        *t.requests
            .entry((method, route.clone(), status))
            .or_default() += 1;
        let h = t.latency.entry(route).or_default();
        for (bucket, bound) in h.buckets.iter_mut().zip(BUCKETS) {
            if seconds <= bound {
                *bucket += 1;
            }
        }
        h.sum += seconds;
        h.count += 1;
    }

    /// The Prometheus text exposition of everything counted so far.
    pub fn render(&self, articles: u64) -> String {
        let t = self.inner.lock().unwrap_or_else(|p| p.into_inner());
        let mut out = String::with_capacity(4096);
        out.push_str(
            "# HELP kilde_http_requests_total HTTP requests answered, by method, route and status.\n\
             # TYPE kilde_http_requests_total counter\n",
        );
        for ((method, route, status), n) in &t.requests {
            let _ = writeln!(
                out,
                "kilde_http_requests_total{{method=\"{method}\",route=\"{}\",status=\"{status}\"}} {n}",
                escape(route)
            );
        }
        out.push_str(
            "# HELP kilde_http_request_duration_seconds Time to answer a request, by route.\n\
             # TYPE kilde_http_request_duration_seconds histogram\n",
        );
        for (route, h) in &t.latency {
            let route = escape(route);
            for (bound, n) in BUCKETS.iter().zip(h.buckets) {
                let _ = writeln!(
                    out,
                    "kilde_http_request_duration_seconds_bucket{{route=\"{route}\",le=\"{bound}\"}} {n}"
                );
            }
            let _ = writeln!(
                out,
                "kilde_http_request_duration_seconds_bucket{{route=\"{route}\",le=\"+Inf\"}} {}\n\
                 kilde_http_request_duration_seconds_sum{{route=\"{route}\"}} {}\n\
                 kilde_http_request_duration_seconds_count{{route=\"{route}\"}} {}",
                h.count, h.sum, h.count
            );
        }
        let _ = write!(
            out,
            "# HELP kilde_index_articles Articles in the index.\n\
             # TYPE kilde_index_articles gauge\n\
             kilde_index_articles {articles}\n"
        );
        out
    }
}

/// Marks the response with the route template that answered it (a route layer,
/// so it runs after routing and sees [`MatchedPath`]).
pub async fn tag_route(request: Request, next: Next) -> Response {
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map(|p| p.as_str().to_string());
    let mut response = next.run(request).await;
    if let Some(route) = route {
        response.extensions_mut().insert(Route(route));
    }
    response
}

/// Counts every request, matched or not, with its status and latency.
pub async fn count(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let method = method_label(request.method());
    let started = Instant::now();
    let response = next.run(request).await;
    let route = response
        .extensions()
        .get::<Route>()
        .map_or_else(|| UNMATCHED.to_string(), |r| r.0.clone());
    state.metrics.record(
        method,
        route,
        response.status().as_u16(),
        started.elapsed().as_secs_f64(),
    );
    response
}

/// Standard methods by name; anything else is one label, so that made-up
/// methods cannot grow the label set.
fn method_label(method: &Method) -> &'static str {
    match *method {
        Method::GET => "GET",
        Method::HEAD => "HEAD",
        Method::POST => "POST",
        Method::PUT => "PUT",
        Method::DELETE => "DELETE",
        Method::PATCH => "PATCH",
        Method::OPTIONS => "OPTIONS",
        _ => "other",
    }
}

/// A label value as the exposition format wants it.
fn escape(value: &str) -> String {
    value
        .replace('\\', "\\\\")
        .replace('"', "\\\"")
        .replace('\n', "\\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn buckets_are_cumulative_and_labels_escaped() {
        let m = Metrics::default();
        m.record("GET", "/a".into(), 200, 0.003);
        m.record("GET", "/a".into(), 200, 20.0);
        m.record("GET", "/\"b\"".into(), 404, 0.0001);
        let text = m.render(7);
        assert!(
            text.contains(
                "kilde_http_requests_total{method=\"GET\",route=\"/a\",status=\"200\"} 2"
            )
        );
        assert!(text.contains("route=\"/\\\"b\\\"\""));
        assert!(text.contains("_bucket{route=\"/a\",le=\"0.0025\"} 0"));
        assert!(text.contains("_bucket{route=\"/a\",le=\"0.005\"} 1"));
        assert!(text.contains("_bucket{route=\"/a\",le=\"10\"} 1"));
        assert!(text.contains("_bucket{route=\"/a\",le=\"+Inf\"} 2"));
        assert!(text.contains("_count{route=\"/a\"} 2"));
        assert!(text.contains("kilde_index_articles 7\n"));
    }
}
