# The two entry points: `make run` (demo on the bundled samples) and
# `make test` (warnings as errors, every test through CTest). Both install
# missing Debian packages first through scripts/install-deps.

RELEASE_DIR := build/release
TEST_DIR    := build/test
JOBS        ?= $(shell nproc)

BENCH_DIR   := build/bench

.PHONY: run test bench bench-quick bench-full deps build-release build-test clean

deps:
	@bash scripts/install-deps

build-release: deps
	cmake -S . -B $(RELEASE_DIR) -G Ninja -DCMAKE_BUILD_TYPE=Release -DSIGNTRAIL_BUILD_TESTS=OFF
	cmake --build $(RELEASE_DIR) -j $(JOBS) --target signtrail

run: build-release
	bash scripts/run-demo $(RELEASE_DIR)/signtrail

build-test: deps
	cmake -S . -B $(TEST_DIR) -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DSIGNTRAIL_WERROR=ON
	cmake --build $(TEST_DIR) -j $(JOBS)

test: build-test
	cd $(TEST_DIR) && ctest --output-on-failure -j $(JOBS) --timeout 600

# Google Benchmark micro-benchmarks; never part of `make test`.
bench: deps
	cmake -S . -B $(BENCH_DIR) -G Ninja -DCMAKE_BUILD_TYPE=Release -DSIGNTRAIL_BUILD_TESTS=OFF \
	  -DSIGNTRAIL_BUILD_BENCHMARKS=ON
	cmake --build $(BENCH_DIR) -j $(JOBS)
	for benchmark in $(BENCH_DIR)/bench/*_bench; do $$benchmark; done

# signtrail side by side with DuckDB and sqlite3 on generated data
# (bench/run; docs/benchmarks.md). bench-quick: 1 million events, under
# 10 minutes; bench-full: 10 million events and about 50 GB of disk.
bench-quick: build-release
	python3 bench/run --quick --json build/bench-quick.json

bench-full: build-release
	python3 bench/run --json build/bench-full.json

clean:
	rm -rf build var
