package mdtemplate

import (
	"fmt"
	"strings"
)

// class is the kind of place a state puts a value in, as branch and range
// ends are compared: running text and table cells count as one, since a
// value is escaped the same in both.
func classOf(c context) string {
	seen := map[string]bool{}
	var out []string
	for _, s := range c {
		p, reason := placeOf(s)
		k := "running text"
		switch {
		case reason != "":
			k = reason
		case p.kind == kindDest || p.kind == kindTitle:
			k = p.kind.String()
		}
		if !seen[k] {
			seen[k] = true
			out = append(out, k)
		}
	}
	return strings.Join(out, " or ")
}

// Why a value cannot be printed in a place.
const (
	inFigure   = "a figure block"
	inFence    = "a fenced code block"
	inIndented = "an indented code block"
	inCodeSpan = "a code span"
	inImage    = "an image path"
	inLinkGap  = "a link between its destination and title"
	inAutolink = "an autolink"
)

var refusal = map[string]string{
	inFigure:   "a data value inside a figure block would be read as part of its JSON spec; draw figures with flowFigure, yieldFigure, trendFigure or stabFigure",
	inFence:    "a data value inside a fenced code block cannot be escaped (Markdown escapes do not work there); print it outside the block",
	inIndented: "a data value on a line indented by four spaces lands in an indented code block, where Markdown escapes do not work; remove the indentation",
	inCodeSpan: "a data value inside a code span cannot be escaped (Markdown escapes do not work there); move it out of the backticks",
	inImage:    "a data value cannot choose an image file; write the image's path in the template",
	inLinkGap:  "a data value between a link's destination and its title cannot be escaped; put it inside the title's quotes",
	inAutolink: "a data value inside an autolink <…> cannot be escaped (backslashes do not work there); write the link as [text](https://…) with the value in the destination",
}

// placeOf classifies where a value printed in state s lands; reason is
// not "" when no value may be printed there.
func placeOf(s state) (m mode, reason string) {
	if s.fence != "" {
		if s.figure {
			return m, inFigure
		}
		return m, inFence
	}
	body := stripContainers(s.line)
	if !s.para && !s.emptied && indentOf(body) >= 4 {
		return m, inIndented
	}
	in := scanInline(s.tick, s.line)
	if in.tick > 0 {
		return m, inCodeSpan
	}
	if in.autolink {
		return m, inAutolink
	}
	switch in.link {
	case linkDest:
		if in.image {
			return m, inImage
		}
		return mode{kind: kindDest, destStart: !strings.ContainsAny(in.destSoFar, ":/?#")}, ""
	case linkAfterDest:
		return m, inLinkGap
	case linkTitle:
		return mode{kind: kindTitle}, ""
	}
	t := strings.TrimLeft(body, " \t")
	if s.table || strings.HasPrefix(t, "|") {
		m.kind = kindCell
	}
	m.lineStart = t == ""
	m.unsettled = m.kind == kindText && unsettledLine(t)
	m.idOnly = in.brace
	if n := len(s.line); n > 0 && strings.IndexByte("*_~", s.line[n-1]) >= 0 {
		m.trimLeft = true
	}
	return m, ""
}

// modeOf joins the places of every state an action can print in into one
// escaping mode, or says why there is none.
func modeOf(s *site) (mode, string) {
	var out mode
	maybeMid, startGap := false, false
	for i, st := range s.ctx {
		m, reason := placeOf(st)
		if reason != "" {
			for _, other := range s.ctx {
				if _, r := placeOf(other); r == "" {
					return out, "on one of the ways through the branches before it, " + refusal[reason]
				}
			}
			return out, refusal[reason]
		}
		if !m.lineStart {
			maybeMid = true
		} else if body := stripContainers(st.line); body != "" {
			startGap = true
		}
		if i == 0 {
			out = m
			continue
		}
		switch {
		case m.kind == out.kind:
		case (m.kind == kindText || m.kind == kindCell) && (out.kind == kindText || out.kind == kindCell):
			out.kind = kindText // an empty value leaves an empty cell rather than an en dash in running text
		default:
			return out, fmt.Sprintf("this value lands in %s or in %s depending on the branches before it, and cannot be escaped for both; make the branches end in the same place", out.kind, m.kind)
		}
		out.lineStart = out.lineStart || m.lineStart
		out.unsettled = out.unsettled || m.unsettled
		out.idOnly = out.idOnly || m.idOnly
		out.trimLeft = out.trimLeft || m.trimLeft
		out.destStart = out.destStart || m.destStart
	}
	out.maybeMid, out.startGap = maybeMid, startGap
	out.builder = s.mode.builder
	return out, ""
}
