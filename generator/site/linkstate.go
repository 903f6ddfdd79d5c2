package site

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/json"
	"hash"
	"sort"
	"sync"
)

// A kept page's entry holds the links its bodies resolved against the
// model and what each got; the page is used only when each resolves the
// same way now (see linkKept). Resolving them again is most of what a
// kept history page costs, so the entry also holds a digest of what
// their resolution read, and when that is unchanged the links are not
// resolved again: resolution is a pure function of its inputs.
//
// What a link's resolution reads, besides what the entry holds itself
// (the link's destination, whether it is an image, the path and anchors
// of the body it is in, its id prefix) and the page's root (in the page's
// key), is, by isms.Model.Resolve and bodyRenderer.target:
//
//   - the configuration's content directory and links (roots and
//     extensions, which map a written path to a repository path and a
//     published page to its source);
//   - which documents and other files the content directory holds, and
//     which of those are too large to read (isms.Model.exists,
//     pageSource; the directories and their index documents are made
//     from these paths);
//   - for a file shown as an image, what its header says (Model.Picture),
//     and for a file the site copies, its URL (site.assets);
//   - for a document, the URL of its page (site.byPath), and, for the
//     document a link lands on, its anchors and headings (anchorTarget,
//     suggest).
//
// shape hashes all of it but the anchors and headings, which are hashed
// per document: an entry names the documents its links landed on, and
// its digest is the shape and those documents' anchors. The documents a
// link lands on follow from the shape and the link alone, so an
// unchanged shape lands each link on the same document.
type linkState struct {
	once sync.Once
	// ok is false when the configuration cannot be hashed: no digest
	// then matches, and every link is resolved again.
	ok    bool
	shape [sha256.Size]byte
	// anchors hashes each document's anchors and headings, by path.
	anchors map[string][sha256.Size]byte
}

// linkDigest is the digest of what resolving links that landed on the
// documents at targets (sorted, without repeats) read of this build.
func (s *site) linkDigest(targets []string) ([sha256.Size]byte, bool) {
	ls := &s.links
	ls.once.Do(s.hashLinkState)
	var sum [sha256.Size]byte
	if !ls.ok {
		return sum, false
	}
	h := sha256.New()
	h.Write(ls.shape[:])
	for _, p := range targets {
		hashStr(h, p)
		if a, ok := ls.anchors[p]; ok {
			h.Write(a[:])
		} else {
			hashStr(h, "none")
		}
	}
	h.Sum(sum[:0])
	return sum, true
}

// hashLinkState works out s.links, once per build.
func (s *site) hashLinkState() {
	ls := &s.links
	m := s.m
	links, err := json.Marshal(m.Config.Links)
	if err != nil {
		return
	}
	h := sha256.New()
	hashStr(h, "links 1")
	hashStr(h, m.Config.Content)
	hashStr(h, string(links))
	ls.anchors = make(map[string][sha256.Size]byte, len(m.Docs))
	a := sha256.New()
	var keys []string
	for _, d := range m.Docs {
		hashStr(h, d.Path)
		if di := s.byPath[d.Path]; di != nil {
			hashStr(h, di.ref.URL)
		} else {
			hashStr(h, "\x00none")
		}
		a.Reset()
		keys = keys[:0]
		for k := range d.Anchors {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		hashInt(a, len(keys))
		for _, k := range keys {
			an := d.Anchors[k]
			hashStr(a, k)
			hashInt(a, boolInt(an.Heading))
			hashInt(a, an.Footnote)
			hashInt(a, boolInt(an.Ref))
		}
		if d.Headings == nil { // suggest lists the anchors instead
			hashInt(a, -1)
		} else {
			hashInt(a, len(d.Headings))
		}
		for _, hd := range d.Headings {
			hashStr(a, hd.ID)
			hashInt(a, hd.Level)
			hashStr(a, hd.Text)
		}
		var sum [sha256.Size]byte
		a.Sum(sum[:0])
		ls.anchors[d.Path] = sum
	}
	hashInt(h, len(m.Docs))
	paths := make([]string, 0, len(m.Assets))
	for p := range m.Assets {
		paths = append(paths, p)
	}
	sort.Strings(paths)
	for _, p := range paths {
		hashStr(h, p)
		hashInt(h, boolInt(m.Assets[p].Data == nil))
		if pic := m.Picture(p); pic != nil {
			hashInt(h, 1+boolInt(pic.TooLarge()))
			hashStr(h, pic.Why())
		} else {
			hashInt(h, 0)
		}
		if a := s.assets[p]; a != nil {
			hashStr(h, a.url)
		} else {
			hashStr(h, "\x00none")
		}
	}
	hashInt(h, len(paths))
	h.Sum(ls.shape[:0])
	ls.ok = true
}

func hashStr(h hash.Hash, s string) {
	hashInt(h, len(s))
	h.Write([]byte(s))
}

func hashInt(h hash.Hash, n int) {
	var b [binary.MaxVarintLen64]byte
	h.Write(b[:binary.PutVarint(b[:], int64(n))])
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}
