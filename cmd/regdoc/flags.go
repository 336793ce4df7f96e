package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/regdoc/regdoc/internal/diag"
)

// errHelp is returned after --help was printed.
var errHelp = errors.New("help shown")

// help is what `regdoc CMD --help` prints, besides the flags.
type help struct {
	usage    string // "regdoc build [DIR] [flags]"
	about    string // a paragraph saying what the command does
	examples string // one example per line, with a comment
}

// newFlags makes a command's flag set. Flags may come before or after the
// positional arguments, as -name or --name. --help prints the help to
// stdout (so it can be paged); a flag mistake is a usageError with a
// suggestion, printed by run with a pointer to --help.
func newFlags(e env, name string, h help) *flags {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	// The flag package would print its own usage on every mistake; parse
	// prints help when asked and a one-line hint otherwise.
	fs.SetOutput(io.Discard)
	fs.Usage = func() {}
	return &flags{FlagSet: fs, out: e.stdout, help: h}
}

// flags is a command's flag set and its help.
type flags struct {
	*flag.FlagSet
	out  io.Writer
	help help
}

func printHelp(w io.Writer, fs *flag.FlagSet, h help) {
	fmt.Fprintf(w, "Usage: %s\n\n%s\n", h.usage, strings.TrimSpace(wrap(h.about, 76)))
	// Flags that share one variable (-q and --quiet) are listed together.
	type entry struct {
		names []string
		f     *flag.Flag
	}
	var entries []*entry
	byValue := map[string]*entry{}
	fs.VisitAll(func(f *flag.Flag) {
		key := fmt.Sprintf("%p", f.Value)
		if en, ok := byValue[key]; ok {
			en.names = append(en.names, f.Name)
			return
		}
		en := &entry{names: []string{f.Name}, f: f}
		byValue[key] = en
		entries = append(entries, en)
	})
	fmt.Fprint(w, "\nFlags:\n")
	for _, en := range entries {
		slices.SortFunc(en.names, func(a, b string) int { return len(a) - len(b) })
		for i, n := range en.names {
			en.names[i] = dashes(n)
		}
		name, usage := flag.UnquoteUsage(en.f)
		left := "  " + strings.Join(en.names, ", ")
		if name != "" {
			left += " " + name
		}
		if d := en.f.DefValue; d != "" && d != "false" && d != "0" {
			usage += fmt.Sprintf(" (default %s)", d)
		}
		if len(left) <= 20 {
			fmt.Fprintf(w, "%-22s%s\n", left, usage)
		} else {
			fmt.Fprintf(w, "%s\n%-22s%s\n", left, "", usage)
		}
	}
	fmt.Fprintf(w, "%-22s%s\n", "  -h, --help", "show this help")
	if h.examples != "" {
		fmt.Fprintf(w, "\nExamples:\n%s", h.examples)
	}
}

// dashes writes a one-letter flag as -q and a longer one as --watch.
func dashes(name string) string {
	if len(name) == 1 {
		return "-" + name
	}
	return "--" + name
}

// wrap folds a paragraph at width columns.
func wrap(s string, width int) string {
	var b strings.Builder
	col := 0
	for _, word := range strings.Fields(s) {
		if col > 0 && col+1+len([]rune(word)) > width {
			b.WriteByte('\n')
			col = 0
		} else if col > 0 {
			b.WriteByte(' ')
			col++
		}
		b.WriteString(word)
		col += len([]rune(word))
	}
	return b.String()
}

// parse parses flags that may be interleaved with positional arguments.
func parse(fs *flags, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				printHelp(fs.out, fs.FlagSet, fs.help)
				return nil, errHelp
			}
			return nil, flagError(fs.FlagSet, err)
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

// flagError rewords the flag package's errors and suggests the flag that
// was probably meant.
func flagError(fs *flag.FlagSet, err error) error {
	msg := err.Error()
	if name, ok := strings.CutPrefix(msg, "flag provided but not defined: "); ok {
		name = strings.TrimLeft(name, "-")
		msg = "unknown flag " + dashes(name)
		var names []string
		fs.VisitAll(func(f *flag.Flag) { names = append(names, f.Name) })
		if s, ok := diag.Closest(name, names); ok {
			msg += "; did you mean " + dashes(s) + "?"
		}
	} else if name, ok := strings.CutPrefix(msg, "flag needs an argument: "); ok {
		name = strings.TrimLeft(name, "-")
		msg = dashes(name) + " needs a value"
		if f := fs.Lookup(name); f != nil {
			if n, _ := flag.UnquoteUsage(f); n != "" {
				msg += ", as in " + dashes(name) + " " + n
			}
		}
	}
	return usageError{msg}
}

// sourceDate reads SOURCE_DATE_EPOCH (reproducible-builds.org), which
// overrides the manifest date when set.
func sourceDate(e env) (time.Time, error) {
	v := strings.TrimSpace(e.env("SOURCE_DATE_EPOCH"))
	if v == "" {
		return time.Time{}, nil
	}
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil || n < 0 {
		return time.Time{}, usageError{fmt.Sprintf("SOURCE_DATE_EPOCH=%q is not a number of seconds since 1970", v)}
	}
	return time.Unix(n, 0).UTC(), nil
}
