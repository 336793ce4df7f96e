package main

import (
	"errors"
	"flag"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// errHelp is returned after --help was printed.
var errHelp = errors.New("help shown")

// newFlags makes a command's flag set: errors and help go to stderr, and
// flags may come before or after the positional arguments.
func newFlags(e env, name, usageLine, examples string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	fs.Usage = func() {
		fmt.Fprintf(e.stderr, "Usage: %s\n\nFlags:\n", usageLine)
		fs.PrintDefaults()
		if examples != "" {
			fmt.Fprintf(e.stderr, "\nExamples:\n%s", examples)
		}
	}
	return fs
}

// parse parses flags that may be interleaved with positional arguments.
func parse(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return nil, errHelp
			}
			return nil, usageError{err.Error()}
		}
		args = fs.Args()
		if len(args) == 0 {
			return pos, nil
		}
		if args[0] == "--" {
			return append(pos, args[1:]...), nil
		}
		pos = append(pos, args[0])
		args = args[1:]
	}
}

// sourceDate reads SOURCE_DATE_EPOCH (reproducible-builds.org), which
// overrides the manifest date when set.
func sourceDate(e env) (time.Time, error) {
	v := strings.TrimSpace(e.getenv("SOURCE_DATE_EPOCH"))
	if v == "" {
		return time.Time{}, nil
	}
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil || n < 0 {
		return time.Time{}, usageError{fmt.Sprintf("SOURCE_DATE_EPOCH=%q is not a number of seconds since 1970", v)}
	}
	return time.Unix(n, 0).UTC(), nil
}
