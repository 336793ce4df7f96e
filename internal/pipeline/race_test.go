//go:build race

package pipeline

// raceEnabled says the tests run under the race detector, which makes
// in-process typesetting several times slower: the slowest tests shrink
// their work there (their full size runs in the ordinary go test), since
// what the detector looks for, two goroutines touching one value, shows
// as well in a smaller run.
const raceEnabled = true
