package redline

import "slices"

// The token diff. Compare used github.com/sergi/go-diff (diff-match-patch)
// for this, and its redlines read well; but the library works on
// strings, converting its runes to a string and back at every step and
// merging the result at every level of its recursion, which made three
// quarters of the cost of a history page's redlines. What follows does
// the same steps, in the same order, over slices of token ids (a rune
// each): Myers's O(ND) diff with the middle snake, the library's merge
// of neighbouring edits, and its semantic clean-up, which joins edits
// split by a few kept tokens into readable runs. So the redline is the
// one the library made, edit for edit (TestTokenDiffsAreTheLibrarys
// holds it to that), for a tenth of the work. The library is MIT
// licensed (Copyright (c) 2012-2016 The go-diff Authors), after Neil
// Fraser's diff-match-patch (Apache 2.0).
//
// One thing is not the library's: its lossless shift counts a common
// suffix in runes and cuts strings at that many bytes, which splits a
// token numbered 128 or more; here both are runes.

// diff is a run of tokens kept, inserted or deleted. Its text may share
// memory with the texts compared or with other diffs and is never
// written to: a text that grows is a new slice (see cat).
type diff struct {
	op Op
	t  []rune
}

// cat joins two texts. The clean-ups join texts that lie side by side in
// the token text they came from, nearly always: a kept run and the
// tokens after it, say, or an edit and the one before it. Then a is
// extended over b in its own array, where the same tokens follow, and
// nothing is copied; otherwise the join is a new slice. Either way no
// text is written to, so a's array is shared safely.
func cat(a, b []rune) []rune {
	switch {
	case len(b) == 0:
		return a
	case len(a) == 0:
		return b
	}
	if n := len(a); cap(a)-n >= len(b) {
		if ab := a[:n+len(b)]; &ab[n] == &b[0] || equalRunes(ab[n:], b) {
			return ab
		}
	}
	out := make([]rune, 0, len(a)+len(b))
	return append(append(out, a...), b...)
}

func equalRunes(a, b []rune) bool { return slices.Equal(a, b) }

func commonPrefix(a, b []rune) int {
	n := 0
	for n < len(a) && n < len(b) && a[n] == b[n] {
		n++
	}
	return n
}

func commonSuffix(a, b []rune) int {
	n := 0
	for n < len(a) && n < len(b) && a[len(a)-1-n] == b[len(b)-1-n] {
		n++
	}
	return n
}

func hasPrefix(s, p []rune) bool { return len(s) >= len(p) && equalRunes(s[:len(p)], p) }
func hasSuffix(s, p []rune) bool { return len(s) >= len(p) && equalRunes(s[len(s)-len(p):], p) }

// index is where sub first occurs in s, or -1. The work is at most
// len(s)*len(sub), which Compare's bounds keep small.
func index(s, sub []rune) int {
	for i := 0; i+len(sub) <= len(s); i++ {
		if equalRunes(s[i:i+len(sub)], sub) {
			return i
		}
	}
	return -1
}

// differ holds the scratch space of diffs: the two V arrays of the
// bisection, reused at every level of the recursion, and the edits,
// which every level appends to one slice, merging its own part of it.
type differ struct {
	v1, v2 []int
	diffs  []diff
}

// tokenDiff returns the edits that turn a into b, cleaned up. They are
// d's until its next diff.
func (d *differ) tokenDiff(a, b []rune) []diff {
	d.diffs = cleanupSemantic(d.main(d.diffs[:0], a, b))
	return d.diffs
}

// main appends to out the diff of a and b: their common start and end,
// and what lies between, merged.
func (d *differ) main(out []diff, a, b []rune) []diff {
	if equalRunes(a, b) {
		if len(a) > 0 {
			return append(out, diff{Equal, a})
		}
		return out
	}
	start := len(out)
	n := commonPrefix(a, b)
	if n != 0 {
		out = append(out, diff{Equal, a[:n]})
	}
	a, b = a[n:], b[n:]
	n = commonSuffix(a, b)
	suf := a[len(a)-n:]
	a, b = a[:len(a)-n], b[:len(b)-n]
	out = d.compute(out, a, b)
	if len(suf) != 0 {
		out = append(out, diff{Equal, suf})
	}
	// The merge sees this level's edits alone, as when each level made a
	// list of its own; it works in place, so there is usually nothing to
	// copy back.
	merged := cleanupMerge(out[start:])
	if len(merged) > 0 && len(out) > start && &merged[0] == &out[start] {
		return out[:start+len(merged)]
	}
	return append(out[:start], merged...)
}

// compute appends the diff of two texts with no common start or end.
func (d *differ) compute(out []diff, a, b []rune) []diff {
	switch {
	case len(a) == 0:
		return append(out, diff{Insert, b})
	case len(b) == 0:
		return append(out, diff{Delete, a})
	}
	long, short, op := b, a, Insert
	if len(a) > len(b) {
		long, short, op = a, b, Delete
	}
	if i := index(long, short); i >= 0 {
		// The shorter text is inside the longer.
		return append(out, diff{op, long[:i]}, diff{Equal, short}, diff{op, long[i+len(short):]})
	}
	if len(short) == 1 {
		// One token, and not in the other text: nothing is kept.
		return append(out, diff{Delete, a}, diff{Insert, b})
	}
	return d.bisect(out, a, b)
}

// bisect finds the middle snake of the shortest edit path from a to b,
// walking from both ends at once, and diffs the two halves either side
// of it.
func (d *differ) bisect(out []diff, a, b []rune) []diff {
	// One more than the library's size, for middleSnake's read past the
	// top diagonal.
	size := 2*((len(a)+len(b)+1)/2) + 1
	if cap(d.v1) < size {
		d.v1, d.v2 = make([]int, size), make([]int, size)
	}
	if x, y, ok := middleSnake(a, b, d.v1[:size], d.v2[:size]); ok {
		return d.split(out, a, b, x, y)
	}
	// No token in common.
	return append(out, diff{Delete, a}, diff{Insert, b})
}

// middleSnake is where bisect's forward and reverse paths meet, with v1
// and v2 for their V arrays; ok is false when they do not. It is apart
// from bisect so that its loops hold none of bisect's values (the output
// and the differ), which the registers had no room for.
func middleSnake(a, b []rune, v1, v2 []int) (x, y int, ok bool) {
	n, m := len(a), len(b)
	maxD := (n + m + 1) / 2
	off := maxD
	size := 2 * maxD
	for i := range v1 {
		v1[i] = -1
	}
	for i := range v2 {
		v2[i] = -1
	}
	v1[off+1], v2[off+1] = 0, 0
	delta := n - m
	// With an odd delta the forward path meets the reverse one.
	front := delta%2 != 0
	k1start, k1end, k2start, k2end := 0, 0, 0, 0
	for D := 0; D < maxD; D++ {
		// The diagonals k run from -D+kstart to D-kend by twos; kend grows
		// within a round, which then ends sooner. Indices into v are
		// off+k.
		for k1o, hi := off-D+k1start, off+D-k1end; k1o <= hi; k1o += 2 {
			// The library takes v1[k1o+1] on the bottom diagonal (k ==
			// -D) and v1[k1o-1]+1 on the top one (k == D), else the
			// farther; the greater is the same, as what lies beyond
			// either is -1, and found without a branch it is not
			// mispredicted.
			x1 := v1[k1o+1]
			d := v1[k1o-1] + 1 - x1
			x1 += d &^ (d >> 63)
			y1 := x1 - k1o + off
			// uint: neither is ever negative, and saying so spares the
			// bounds checks of the innermost loop.
			for uint(x1) < uint(len(a)) && uint(y1) < uint(len(b)) && a[x1] == b[y1] {
				x1++
				y1++
			}
			v1[k1o] = x1
			switch {
			case x1 > n:
				k1end += 2 // off the right of the graph
				hi -= 2
			case y1 > m:
				k1start += 2 // off the bottom
			case front:
				if k2o := off + off + delta - k1o; uint(k2o) < uint(size) && v2[k2o] != -1 {
					if x1 >= n-v2[k2o] {
						return x1, y1, true
					}
				}
			}
		}
		for k2o, hi := off-D+k2start, off+D-k2end; k2o <= hi; k2o += 2 {
			x2 := v2[k2o+1]
			d := v2[k2o-1] + 1 - x2
			x2 += d &^ (d >> 63)
			y2 := x2 - k2o + off
			// i and j count down from the ends as x2 and y2 count up.
			i, j := n-x2-1, m-y2-1
			for uint(i) < uint(len(a)) && uint(j) < uint(len(b)) && a[i] == b[j] {
				i--
				j--
			}
			x2, y2 = n-1-i, m-1-j
			v2[k2o] = x2
			switch {
			case x2 > n:
				k2end += 2 // off the left of the graph
				hi -= 2
			case y2 > m:
				k2start += 2 // off the top
			case !front:
				if k1o := off + off + delta - k2o; uint(k1o) < uint(size) && v1[k1o] != -1 {
					x1 := v1[k1o]
					y1 := off + x1 - k1o
					if x1 >= n-x2 {
						return x1, y1, true
					}
				}
			}
		}
	}
	return 0, 0, false
}

// split appends the diffs of the texts before and after the point (x, y)
// of the middle snake. The V arrays are free again: the recursion reuses
// them.
func (d *differ) split(out []diff, a, b []rune, x, y int) []diff {
	return d.main(d.main(out, a[:x], b[:y]), a[x:], b[y:])
}

// cleanupMerge joins neighbouring edits of a kind, puts each run's
// deletion before its insertion, moves what they share at their start
// and end into the kept text around them, and shifts single edits
// sideways where that removes a kept run: A<ins>BA</ins>C becomes
// <ins>AB</ins>AC.
func cleanupMerge(diffs []diff) []diff {
	diffs = append(diffs, diff{Equal, nil}) // a sentinel
	p := 0
	nDel, nIns := 0, 0
	var del, ins []rune
	for p < len(diffs) {
		switch diffs[p].op {
		case Insert:
			nIns++
			ins = cat(ins, diffs[p].t)
			p++
		case Delete:
			nDel++
			del = cat(del, diffs[p].t)
			p++
		case Equal:
			if nDel+nIns > 1 {
				if nDel != 0 && nIns != 0 {
					if n := commonPrefix(ins, del); n != 0 {
						if x := p - nDel - nIns; x > 0 && diffs[x-1].op == Equal {
							diffs[x-1].t = cat(diffs[x-1].t, ins[:n])
						} else {
							diffs = slices.Insert(diffs, 0, diff{Equal, ins[:n]})
							p++
						}
						ins, del = ins[n:], del[n:]
					}
					if n := commonSuffix(ins, del); n != 0 {
						diffs[p].t = cat(ins[len(ins)-n:], diffs[p].t)
						ins, del = ins[:len(ins)-n], del[:len(del)-n]
					}
				}
				switch {
				case nDel == 0:
					diffs = slices.Replace(diffs, p-nIns, p, diff{Insert, ins})
				case nIns == 0:
					diffs = slices.Replace(diffs, p-nDel, p, diff{Delete, del})
				case nDel+nIns == 2:
					// Replace, in place: one edit of each kind is the
					// common case, and slices.Replace's was a fifth of
					// the merge.
					diffs[p-2], diffs[p-1] = diff{Delete, del}, diff{Insert, ins}
				default:
					diffs = slices.Replace(diffs, p-nDel-nIns, p, diff{Delete, del}, diff{Insert, ins})
				}
				p = p - nDel - nIns + 1
				if nDel != 0 {
					p++
				}
				if nIns != 0 {
					p++
				}
			} else if p != 0 && diffs[p-1].op == Equal {
				// Join this kept run to the one before.
				diffs[p-1].t = cat(diffs[p-1].t, diffs[p].t)
				diffs = slices.Delete(diffs, p, p+1)
			} else {
				p++
			}
			nIns, nDel = 0, 0
			del, ins = nil, nil
		}
	}
	if len(diffs[len(diffs)-1].t) == 0 {
		diffs = diffs[:len(diffs)-1]
	}
	// Shift single edits between kept runs over one of them.
	changes := false
	for p = 1; p < len(diffs)-1; p++ {
		if diffs[p-1].op != Equal || diffs[p+1].op != Equal {
			continue
		}
		prev, cur, next := diffs[p-1].t, diffs[p].t, diffs[p+1].t
		if hasSuffix(cur, prev) {
			diffs[p].t = cat(prev, cur[:len(cur)-len(prev)])
			diffs[p+1].t = cat(prev, next)
			diffs = slices.Delete(diffs, p-1, p)
			changes = true
		} else if hasPrefix(cur, next) {
			diffs[p-1].t = cat(prev, next)
			diffs[p].t = cat(cur[len(next):], next)
			diffs = slices.Delete(diffs, p+1, p+2)
			changes = true
		}
	}
	if changes {
		diffs = cleanupMerge(diffs)
	}
	return diffs
}

// cleanupSemantic turns a kept run no longer than the edits on either
// side of it into a deletion and an insertion, so a sentence rewritten
// reads as one change rather than a scatter of words kept by chance;
// then shifts edits to token boundaries the way the library scores them
// and brings out text that a deletion ends with and the insertion after
// it starts with.
func cleanupSemantic(diffs []diff) []diff {
	changes := false
	var equalities []int // indices of kept runs
	var last []rune      // the text of the last kept run
	ins1, del1, ins2, del2 := 0, 0, 0, 0
	for p := 0; p < len(diffs); p++ {
		if diffs[p].op == Equal {
			equalities = append(equalities, p)
			ins1, del1 = ins2, del2
			ins2, del2 = 0, 0
			last = diffs[p].t
			continue
		}
		if diffs[p].op == Insert {
			ins2 += len(diffs[p].t)
		} else {
			del2 += len(diffs[p].t)
		}
		if len(last) > 0 && len(last) <= max(ins1, del1) && len(last) <= max(ins2, del2) {
			at := equalities[len(equalities)-1]
			diffs = slices.Insert(diffs, at, diff{Delete, last})
			diffs[at+1].op = Insert
			equalities = equalities[:len(equalities)-1]
			if len(equalities) > 0 {
				equalities = equalities[:len(equalities)-1]
			}
			p = -1
			if len(equalities) > 0 {
				p = equalities[len(equalities)-1]
			}
			ins1, del1, ins2, del2 = 0, 0, 0, 0
			last = nil
			changes = true
		}
	}
	if changes {
		diffs = cleanupMerge(diffs)
	}
	diffs = cleanupLossless(diffs)
	// Overlaps between a deletion and the insertion after it:
	// <del>abcxxx</del><ins>xxxdef</ins> -> <del>abc</del>xxx<ins>def</ins>, and
	// <del>xxxabc</del><ins>defxxx</ins> -> <ins>def</ins>xxx<del>abc</del>,
	// where the overlap is as long as half of either edit.
	for p := 1; p < len(diffs); p++ {
		if diffs[p-1].op != Delete || diffs[p].op != Insert {
			continue
		}
		del, ins := diffs[p-1].t, diffs[p].t
		o1, o2 := overlap(del, ins), overlap(ins, del)
		if o1 >= o2 {
			if 2*o1 >= len(del) || 2*o1 >= len(ins) {
				diffs = slices.Insert(diffs, p, diff{Equal, ins[:o1]})
				diffs[p-1].t = del[:len(del)-o1]
				diffs[p+1].t = ins[o1:]
				p++
			}
		} else if 2*o2 >= len(del) || 2*o2 >= len(ins) {
			diffs = slices.Insert(diffs, p, diff{Equal, del[:o2]})
			diffs[p-1] = diff{Insert, ins[:len(ins)-o2]}
			diffs[p+1] = diff{Delete, del[o2:]}
			p++
		}
		p++
	}
	return diffs
}

// overlap is the length of the longest end of a that b starts with.
func overlap(a, b []rune) int {
	if len(a) == 0 || len(b) == 0 {
		return 0
	}
	if len(a) > len(b) {
		a = a[len(a)-len(b):]
	} else if len(a) < len(b) {
		b = b[:len(a)]
	}
	n := len(a)
	if equalRunes(a, b) {
		return n
	}
	best, length := 0, 1
	for {
		found := index(b, a[n-length:])
		if found == -1 {
			return best
		}
		length += found
		if found == 0 || equalRunes(a[n-length:], b[:length]) {
			best = length
			length++
		}
	}
}

// cleanupLossless shifts each single edit between kept runs sideways to
// where the library's score of its boundaries is best. The score reads
// each token id as a character, as the library did with its runes.
func cleanupLossless(diffs []diff) []diff {
	for p := 1; p < len(diffs)-1; p++ {
		if diffs[p-1].op != Equal || diffs[p+1].op != Equal {
			continue
		}
		eq1, edit, eq2 := diffs[p-1].t, diffs[p].t, diffs[p+1].t
		// First the edit as far left as it goes.
		if n := commonSuffix(eq1, edit); n > 0 {
			common := edit[len(edit)-n:]
			eq1 = eq1[:len(eq1)-n]
			edit = cat(common, edit[:len(edit)-n])
			eq2 = cat(common, eq2)
		}
		// Then step right a token at a time, keeping the best fit.
		best1, bestEdit, best2 := eq1, edit, eq2
		bestScore := semanticScore(eq1, edit) + semanticScore(edit, eq2)
		for len(edit) != 0 && len(eq2) != 0 && edit[0] == eq2[0] {
			eq1 = cat(eq1, edit[:1])
			edit = cat(edit[1:], eq2[:1])
			eq2 = eq2[1:]
			// >= favours trailing rather than leading white space.
			if score := semanticScore(eq1, edit) + semanticScore(edit, eq2); score >= bestScore {
				bestScore, best1, bestEdit, best2 = score, eq1, edit, eq2
			}
		}
		if !equalRunes(diffs[p-1].t, best1) {
			if len(best1) != 0 {
				diffs[p-1].t = best1
			} else {
				diffs = slices.Delete(diffs, p-1, p)
				p--
			}
			diffs[p].t = bestEdit
			if len(best2) != 0 {
				diffs[p+1].t = best2
			} else {
				diffs = slices.Delete(diffs, p+1, p+2)
				p--
			}
		}
	}
	return diffs
}

// semanticScore scores the boundary between one and two from 6 (best:
// an end) to 0, as the library does.
func semanticScore(one, two []rune) int {
	if len(one) == 0 || len(two) == 0 {
		return 6
	}
	c1, c2 := one[len(one)-1], two[0]
	nonAlnum1, nonAlnum2 := !isAlnum(c1), !isAlnum(c2)
	space1 := nonAlnum1 && isSpace(c1)
	space2 := nonAlnum2 && isSpace(c2)
	break1 := space1 && (c1 == '\r' || c1 == '\n')
	break2 := space2 && (c2 == '\r' || c2 == '\n')
	blank1 := break1 && blankLineEnd(one)
	blank2 := break2 && blankLineEnd(two) // sic: the library tests the end of both
	switch {
	case blank1 || blank2:
		return 5
	case break1 || break2:
		return 4
	case nonAlnum1 && !space1 && space2:
		return 3
	case space1 || space2:
		return 2
	case nonAlnum1 || nonAlnum2:
		return 1
	}
	return 0
}

func isAlnum(c rune) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9'
}

// isSpace is RE2's \s.
func isSpace(c rune) bool {
	return c == '\t' || c == '\n' || c == '\f' || c == '\r' || c == ' '
}

// blankLineEnd reports whether s ends with \n\r?\n.
func blankLineEnd(s []rune) bool {
	n := len(s)
	if n < 2 || s[n-1] != '\n' {
		return false
	}
	if s[n-2] == '\n' {
		return true
	}
	return n >= 3 && s[n-2] == '\r' && s[n-3] == '\n'
}
