//! Criterion benchmarks: each stage (as the pipeline up to and including it, so the cost of a
//! stage is the difference to the one before) and the whole pipeline with JSON rendering, on the
//! bundled sample article and on a generated corpus. Run: `cargo bench -p newsgraph-pipeline`.

mod corpus;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use newsgraph_doc::Doc;
use newsgraph_pipeline::{render, Pipeline};
use std::hint::black_box;

const STAGES: &[&str] = &["segment", "entities", "time", "quotes", "events"];

fn sample() -> String {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../samples/article.txt");
    std::fs::read_to_string(path).expect("samples/article.txt")
}

fn run_all(pipeline: &Pipeline, texts: &[String]) -> usize {
    let mut sentences = 0;
    for text in texts {
        let mut doc = Doc::new("bench", text.as_str());
        pipeline.run(&mut doc);
        sentences += doc.sentences.len();
        black_box(&doc);
    }
    sentences
}

fn stages(c: &mut Criterion) {
    let inputs: Vec<(&str, Vec<String>)> = vec![("sample", vec![sample()]), ("generated", corpus::texts(200, 7))];
    for (name, texts) in &inputs {
        let bytes: usize = texts.iter().map(String::len).sum();
        let mut group = c.benchmark_group(format!("up_to/{name}"));
        group.throughput(Throughput::Bytes(bytes as u64));
        for stage in STAGES {
            let pipeline = Pipeline::up_to(stage);
            group.bench_with_input(BenchmarkId::from_parameter(stage), texts, |b, texts| b.iter(|| run_all(&pipeline, texts)));
        }
        group.finish();
    }
}

fn whole(c: &mut Criterion) {
    let texts = corpus::texts(200, 11);
    let bytes: usize = texts.iter().map(String::len).sum();
    let pipeline = Pipeline::standard();
    let mut group = c.benchmark_group("whole");
    group.throughput(Throughput::Bytes(bytes as u64));
    // What `extract --format jsonl` does per document, minus input reading and the thread pool.
    group.bench_function("pipeline+json/generated", |b| {
        b.iter(|| {
            let mut out = 0;
            for text in &texts {
                let mut doc = Doc::new("bench", text.as_str());
                pipeline.run(&mut doc);
                out += render::json(&doc).len();
            }
            black_box(out)
        })
    });
    let sample = sample();
    group.throughput(Throughput::Bytes(sample.len() as u64));
    group.bench_function("pipeline+json/sample", |b| {
        b.iter(|| {
            let mut doc = Doc::new("bench", sample.as_str());
            pipeline.run(&mut doc);
            black_box(render::json(&doc).len())
        })
    });
    group.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(20).warm_up_time(std::time::Duration::from_secs(1)).measurement_time(std::time::Duration::from_secs(3));
    targets = stages, whole
}
criterion_main!(benches);
