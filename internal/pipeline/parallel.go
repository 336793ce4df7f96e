package pipeline

import (
	"runtime"
	"sync"
)

// parallel calls do(i) for every i in [0, n) on a pool of workers (all
// cores when workers <= 0), the kubeconform way: documents and files are
// independent, so each worker takes the next index until none is left.
// It returns when every call has.
func parallel(n, workers int, do func(i int)) {
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	workers = min(workers, n)
	next := make(chan int)
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				do(i)
			}
		}()
	}
	for i := range n {
		next <- i
	}
	close(next)
	wg.Wait()
}
