package node

import (
	"context"
	"fmt"
	"sync/atomic"
	"testing"
	"time"

	"github.com/cachet-district/cachet/ledger"
)

// BenchmarkSubmitDIDCreate measures committed did.create operations per
// second on a single node (memdb, no timeout_commit), one Submit at a time
// ("serial") and many at once ("parallel", batched into blocks), against
// the bare state machine applying the same transactions one per block in
// the same run (ratio x-bare: how many times slower consensus makes it).
func BenchmarkSubmitDIDCreate(b *testing.B) {
	txs := func(n int) [][]byte {
		out := make([][]byte, n)
		for i := range out {
			out[i], _ = testDID(b)
		}
		return out
	}
	bare := func(list [][]byte) time.Duration {
		s := ledger.NewState()
		if _, err := s.InitChain(testGenesis(b)); err != nil {
			b.Fatal(err)
		}
		t0, start := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), time.Now()
		for i, tx := range list {
			res, err := s.FinalizeBlock(int64(i+1), t0.Add(time.Duration(i)*time.Second), [][]byte{tx})
			if err != nil || res.TxResults[0].Code != ledger.CodeOK {
				b.Fatalf("bare apply: %v %+v", err, res)
			}
			if _, err := s.Commit(); err != nil {
				b.Fatal(err)
			}
		}
		return time.Since(start)
	}
	report := func(b *testing.B, list [][]byte, elapsed time.Duration) {
		b.ReportMetric(float64(len(list))/elapsed.Seconds(), "committed-ops/s")
		b.ReportMetric(float64(elapsed)/float64(bare(list)), "x-bare")
	}
	b.Run("serial", func(b *testing.B) {
		list := txs(b.N)
		n := start(b, testConfig(b.TempDir(), testGenesis(b), DBMemDB))
		ctx := context.Background()
		b.ResetTimer()
		begin := time.Now()
		for _, tx := range list {
			if _, _, err := n.Submit(ctx, tx); err != nil {
				b.Fatal(err)
			}
		}
		elapsed := time.Since(begin)
		b.StopTimer()
		report(b, list, elapsed)
	})
	b.Run("parallel", func(b *testing.B) {
		list := txs(b.N)
		n := start(b, testConfig(b.TempDir(), testGenesis(b), DBMemDB))
		ctx := context.Background()
		var next atomic.Int64
		b.SetParallelism(16)
		b.ResetTimer()
		begin := time.Now()
		b.RunParallel(func(pb *testing.PB) {
			for pb.Next() {
				if _, _, err := n.Submit(ctx, list[next.Add(1)-1]); err != nil {
					b.Error(err)
					return
				}
			}
		})
		elapsed := time.Since(begin)
		b.StopTimer()
		report(b, list, elapsed)
	})
}

// BenchmarkFirstBlock measures the time from Start on a fresh home to the
// first committed block (memdb, no timeout_commit).
func BenchmarkFirstBlock(b *testing.B) {
	g := testGenesis(b)
	for b.Loop() {
		n, err := Start(context.Background(), testConfig(b.TempDir(), g, DBMemDB))
		if err != nil {
			b.Fatal(err)
		}
		for n.Info().LastHeight < 1 {
			time.Sleep(100 * time.Microsecond)
		}
		b.StopTimer()
		if err := n.Stop(); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
	}
}

// BenchmarkCluster measures committed did.create operations per second on
// a consortium laid out by Testnet on loopback (goleveldb, 10 ms
// timeout_commit, all nodes in this process), for 1 and 4 validators in the
// same run: "serial" submits one at a time, "parallel" from 16 goroutines
// spread over the nodes (so transactions share blocks). The ratio of the
// two sizes is what the BFT round trips among 4 validators cost.
func BenchmarkCluster(b *testing.B) {
	for _, size := range []int{1, 4} {
		for _, mode := range []string{"serial", "parallel"} {
			b.Run(fmt.Sprintf("nodes=%d/%s", size, mode), func(b *testing.B) {
				list := make([][]byte, b.N)
				for i := range list {
					list[i], _ = testDID(b)
				}
				c := newCluster(b, size)
				ctx := context.Background()
				// The first block (connecting the validators) is not part
				// of the measure.
				warm, _ := testDID(b)
				if _, _, err := c.nodes[0].Submit(ctx, warm); err != nil {
					b.Fatal(err)
				}
				var next atomic.Int64
				submit := func() error {
					i := next.Add(1) - 1
					_, _, err := c.nodes[int(i)%size].Submit(ctx, list[i])
					return err
				}
				b.ResetTimer()
				begin := time.Now()
				if mode == "serial" {
					for range list {
						if err := submit(); err != nil {
							b.Fatal(err)
						}
					}
				} else {
					b.SetParallelism(16)
					b.RunParallel(func(pb *testing.PB) {
						for pb.Next() {
							if err := submit(); err != nil {
								b.Error(err)
								return
							}
						}
					})
				}
				elapsed := time.Since(begin)
				b.StopTimer()
				b.ReportMetric(float64(len(list))/elapsed.Seconds(), "committed-ops/s")
			})
		}
	}
}
