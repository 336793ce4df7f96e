package model

// Rich is the type of the data fields a schema marks "x-regdoc-rich"
// (names of organisms, descriptions, purposes). Templates print such a
// value with its emphasis, strong, superscript and subscript marks
// (*Treponema pallidum*, 10^4^, log~10~) and escape everything else in it;
// every field of type string stays literal. The schemas are the source of
// truth: a test keeps the fields of this type and the marked properties
// the same.
type Rich string

// RichText returns the value's text with its inline marks, which tells the
// template escaper to keep them.
func (r Rich) RichText() string { return string(r) }
