package jws

import "time"

var benchStart = time.Now()

func nowNanos() int64 { return int64(time.Since(benchStart)) }
