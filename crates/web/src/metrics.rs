//! Prometheus text metrics: request counts and latency histograms per route, and the database pool.

use std::collections::BTreeMap;
use std::sync::Mutex;
use std::time::Duration;

/// Upper bounds of the latency buckets, in seconds.
const BUCKETS: [f64; 11] = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5];

#[derive(Default)]
struct Series {
    count: u64,
    sum: f64,
    buckets: [u64; BUCKETS.len()],
}

#[derive(Default)]
pub struct Metrics {
    // (method, route, status) -> series
    series: Mutex<BTreeMap<(String, String, u16), Series>>,
}

fn escape(s: &str) -> String {
    s.replace('\\', "\\\\").replace('"', "\\\"").replace('\n', "\\n")
}

impl Metrics {
    pub fn observe(&self, method: &str, route: &str, status: u16, elapsed: Duration) {
        let secs = elapsed.as_secs_f64();
        let mut map = self.series.lock().expect("metrics lock");
        let s = map.entry((method.to_string(), route.to_string(), status)).or_default();
        s.count += 1;
        s.sum += secs;
        for (i, bound) in BUCKETS.iter().enumerate() {
            if secs <= *bound {
                s.buckets[i] += 1;
            }
        }
    }

    pub fn render(&self, pool_size: u32, pool_idle: usize, backend: &str) -> String {
        let map = self.series.lock().expect("metrics lock");
        let mut out = String::new();
        out.push_str("# HELP eenplan_http_requests_total HTTP requests by route and status.\n# TYPE eenplan_http_requests_total counter\n");
        for ((m, r, st), s) in map.iter() {
            out.push_str(&format!(
                "eenplan_http_requests_total{{method=\"{}\",route=\"{}\",status=\"{st}\"}} {}\n",
                escape(m),
                escape(r),
                s.count
            ));
        }
        out.push_str("# HELP eenplan_http_request_duration_seconds Request latency by route.\n# TYPE eenplan_http_request_duration_seconds histogram\n");
        for ((m, r, st), s) in map.iter() {
            let labels = format!("method=\"{}\",route=\"{}\",status=\"{st}\"", escape(m), escape(r));
            for (i, bound) in BUCKETS.iter().enumerate() {
                out.push_str(&format!("eenplan_http_request_duration_seconds_bucket{{{labels},le=\"{bound}\"}} {}\n", s.buckets[i]));
            }
            out.push_str(&format!("eenplan_http_request_duration_seconds_bucket{{{labels},le=\"+Inf\"}} {}\n", s.count));
            out.push_str(&format!("eenplan_http_request_duration_seconds_sum{{{labels}}} {}\n", s.sum));
            out.push_str(&format!("eenplan_http_request_duration_seconds_count{{{labels}}} {}\n", s.count));
        }
        out.push_str(&format!(
            "# HELP eenplan_db_pool_connections Open database connections.\n# TYPE eenplan_db_pool_connections gauge\neenplan_db_pool_connections{{backend=\"{backend}\"}} {pool_size}\n\
             # HELP eenplan_db_pool_idle Idle database connections.\n# TYPE eenplan_db_pool_idle gauge\neenplan_db_pool_idle{{backend=\"{backend}\"}} {pool_idle}\n"
        ));
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn histogram_buckets_are_cumulative() {
        let m = Metrics::default();
        m.observe("GET", "/", 200, Duration::from_millis(3));
        m.observe("GET", "/", 200, Duration::from_millis(300));
        let text = m.render(2, 1, "sqlite");
        assert!(text.contains("eenplan_http_requests_total{method=\"GET\",route=\"/\",status=\"200\"} 2"));
        assert!(text.contains("le=\"0.005\"} 1"));
        assert!(text.contains("le=\"0.5\"} 2"));
        assert!(text.contains("le=\"+Inf\"} 2"));
        assert!(text.contains("eenplan_db_pool_connections{backend=\"sqlite\"} 2"));
    }
}
