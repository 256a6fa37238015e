# Cachet. `make help` lists the targets.
GO        ?= go
FUZZTIME  ?= 10s
BENCHTIME ?= 1s
STATICCHECK_VERSION := v0.8.2
BIN       := bin/cachet

.PHONY: help build run test fuzz bench lint clean

help: ## list the targets
	@grep -E '^[a-z]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-8s %s\n", $$1, $$2}'

build: ## build bin/cachet
	$(GO) build -o $(BIN) ./cmd/cachet

run: build ## build cachet and run its demo (the platform server comes with the portals)
	./$(BIN) demo
	@echo; ./$(BIN) help

test: ## run every test; under CI=true a skipped test fails
	./scripts/test

fuzz: ## run every fuzz target for FUZZTIME each (default 10s)
	FUZZTIME=$(FUZZTIME) ./scripts/fuzz

bench: ## run the benchmarks; ratios are reported as x-bare metrics
	$(GO) test -run='^$$' -bench=. -benchmem -benchtime=$(BENCHTIME) ./...
	@if [ -f interop/go.mod ]; then cd interop && $(GO) test -run='^$$' -bench=. -benchmem -benchtime=$(BENCHTIME) ./...; fi

lint: ## gofmt, go vet and staticcheck
	@out=$$(gofmt -l $$(git ls-files '*.go')); if [ -n "$$out" ]; then echo "gofmt needed:"; echo "$$out"; exit 1; fi
	$(GO) vet ./...
	$(GO) run honnef.co/go/tools/cmd/staticcheck@$(STATICCHECK_VERSION) ./...
	@if [ -f interop/go.mod ]; then cd interop && $(GO) vet ./... && $(GO) run honnef.co/go/tools/cmd/staticcheck@$(STATICCHECK_VERSION) ./...; fi

clean: ## remove build output
	rm -rf bin
