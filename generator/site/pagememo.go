package site

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"hash"
	"io"
	"io/fs"
	"math"
	"reflect"
	"sort"
	"strings"
	"sync"
	tparse "text/template/parse"
	"time"
)

// A page is its kind's "layout" template run over its view (a Page). The
// cache keeps each page whole, as the file the build writes, keyed by a
// hash of the theme's templates and of the view as the templates the
// layout reaches can see it; a page whose key is found is linked into the
// output (see cache.Store.LinkFile). What changes with every build (the
// commit built, the findings open) is not in the default theme's pages
// but in static/build.js, which the pages' script reads, so that a page
// whose own data did not change is the same file from one build to the
// next.
//
// The key is correct by construction rather than by a list of inputs: a
// page is a pure function of the theme and the view; the view is hashed
// by reflection; and the only parts left out are parts no template can
// read:
//   - fields no template reachable from the layout names where the
//     field is (a template reads a field only by its name, on the value
//     a field, variable or range gives it, see reach; a value printed
//     whole or passed to a function is hashed whole, and so is a value
//     with a method so named). The templates are those the theme wrote,
//     before useFastDefs: a fast definition writes the same bytes as the
//     definition it stands for, so it reads no more;
//   - unexported fields, which templates cannot read: DocRef's model
//     document is one, read through the DocRef.Doc method, which counts
//     its calls, and a page made while any call happened is not kept.
//
// A theme whose layout shows the commit (.Site.Commit) thus gets a key
// that changes with every commit: its pages are made every build, and
// are right.

// reach is what the templates of one page kind can read of a page.
//
// What a template reads of a value depends on where the value is: a
// document page reads the version and dates of its own document, but of
// the documents its navigation lists only their URL, ID and title. So
// names are recorded by the name of the value they are used on: a value
// is named by the field it was reached through (an element of a slice or
// map by the slice's or map's field, the page by dotRoot), .Doc.Nav
// records Nav as used on Doc and, ranged over, the Nav's elements are the
// dot named Nav. A view is hashed the same way down (see typePlan): a
// struct reached through a field F hashes the fields the templates use on
// a value named F. Names can only collide, never miss: two values reached
// through fields of one name share what is used on either. A name used
// on a value that has no name here (a variable bound twice, what an
// unknown template gets) is used on every value (anywhere).
type reach struct {
	// named are the identifiers the templates reachable from "layout"
	// use as field, method or variable names, on any value; on holds
	// them by the name of the value they are used on, and anywhere
	// those used on values without one. whole are those whose values may
	// be printed whole or given to a function; all means the dot itself
	// may be, so nothing is left out.
	named, whole map[string]bool
	on           map[string]map[string]bool
	anywhere     map[string]bool
	all          bool
	// sets interns the parentSets the view is hashed through, by key.
	sets sync.Map
	// dictKeys holds, for each key a dict call gives, the names of the
	// values it gives under it: a template reading .Rows of a dict reads
	// what the caller passed as "Rows", so when .Rows is seen whole, so
	// is that value (see seeDictsWhole).
	dictKeys map[string][]string
	// methodsOf caches the method names of the types hashed; plans how
	// each type is hashed (see typePlan).
	methodsOf, plans sync.Map
	// wholeDigests caches the hashes of the views many pages show (see
	// sharedViews) seen whole, which no reach's names change: the
	// theme's, shared by every reach of the build (see
	// theme.wholeDigests). Those seen in part are in their parentSet's
	// digests.
	wholeDigests *sync.Map
}

// sharedViews are the view types many pages hold the same values of: the
// build (every page's Site), a document as lists show it, a revision, a
// requirement. Each value is hashed once per build and its hash is what a
// page's key holds.
var sharedViews = map[reflect.Type]bool{
	reflect.TypeOf(&Site{}):        true,
	reflect.TypeOf(&DocRef{}):      true,
	reflect.TypeOf(&RevisionRef{}): true,
	reflect.TypeOf(&ReqRef{}):      true,
}

// shared writes the hash of x, a pointer to one of the sharedViews,
// hashing it the first time it is asked for.
func (v *viewHasher) shared(x reflect.Value, whole bool, ps *parentSet) {
	// The entry's key holds x, so its address is not reused for another
	// value while the reach remembers it; seen in part, x is hashed by
	// what is used on it where it is.
	key := x.Interface()
	digests := v.sp.wholeDigests
	if !whole {
		digests = &ps.digests
	}
	d, ok := digests.Load(key)
	if !ok {
		sub := v.sub
		if sub == nil {
			sub = &viewHasher{h: sha256.New(), seen: map[visit]int{}, out: make([]byte, 0, 1024)}
		}
		sub.sp, sub.plans = v.sp, v.plans
		v.sub = nil // a shared view holding another hashes it with its own
		sub.value(x.Elem(), whole, ps)
		if sub.bad {
			v.bad = true
			return
		}
		sub.flush()
		sum := new([sha256.Size]byte)
		sub.h.Sum(sum[:0])
		d, _ = digests.LoadOrStore(key, sum)
		sub.h.Reset()
		clear(sub.seen)
		v.sub = sub
	}
	v.str("shared")
	v.bytes(d.(*[sha256.Size]byte)[:])
}

// reachOf returns the reach of kind, worked out once, on the escaped
// templates.
func (th *theme) reachOf(kind string) *reach {
	th.reachMu.Lock()
	defer th.reachMu.Unlock()
	if r, ok := th.reaches[kind]; ok {
		return r
	}
	r := th.makeReach(kind)
	th.reaches[kind] = r
	return r
}

func (th *theme) makeReach(kind string) *reach {
	// The set as the theme writes it, before useFastDefs: a fast
	// definition writes what the definition it replaces writes, so it
	// reads what that reads.
	t := th.sources[kind]
	// Escaping comes before running, so a run on an empty page escapes
	// the set whatever the run makes of the page; the calls walked below
	// then name the templates that run (html/template gives a template
	// escaped in another context a name of its own, main$htmltemplate_...).
	_ = t.ExecuteTemplate(io.Discard, "layout", &Page{Kind: kind, Site: &Site{}})
	r := &reach{named: map[string]bool{}, whole: map[string]bool{}, on: map[string]map[string]bool{}, anywhere: map[string]bool{},
		dictKeys: map[string][]string{}, wholeDigests: th.wholeDigests}
	seen := map[[2]string]bool{}
	var visit func(name, dot string)
	visit = func(name, dot string) {
		if seen[[2]string{name, dot}] {
			return
		}
		seen[[2]string{name, dot}] = true
		tt := t.Lookup(name)
		if tt == nil || tt.Tree == nil || tt.Tree.Root == nil {
			r.all = true
			return
		}
		r.collect(tt.Tree.Root, dot, visit)
	}
	visit("layout", dotRoot)
	r.seeDictsWhole()
	r.seeDictsUsed()
	return r
}

// use records name as used on the value named parent.
func (sp *reach) use(parent, name string) {
	sp.named[name] = true
	switch parent {
	case dotUnknown, funcResult, "":
		sp.anywhere[name] = true
		return
	}
	if sp.on[parent] == nil {
		sp.on[parent] = map[string]bool{}
	}
	sp.on[parent][name] = true
}

// seeDictsUsed records what is used on a dict's value under a key as
// used on each value given under it, until nothing is added: a template
// given (dict "Doc" .) that reads .Doc.Title reads the Title of the
// value given.
func (sp *reach) seeDictsUsed() {
	for more := true; more; {
		more = false
		for key, values := range sp.dictKeys {
			for _, v := range values {
				if v == "" || v == key {
					continue
				}
				for name := range sp.on[key] {
					if v == dotUnknown || v == funcResult {
						if !sp.anywhere[name] {
							sp.anywhere[name] = true
							more = true
						}
						continue
					}
					if !sp.on[v][name] {
						sp.use(v, name)
						more = true
					}
				}
			}
		}
	}
}

// seeDictsWhole marks whole each value a dict call gave under a key
// that is seen whole, until none is left.
func (sp *reach) seeDictsWhole() {
	for more := true; more; {
		more = false
		for key, values := range sp.dictKeys {
			if !sp.whole[key] {
				continue
			}
			for _, v := range values {
				switch v {
				case "":
				case dotRoot, dotUnknown, funcResult:
					sp.all = true
				default:
					if !sp.whole[v] {
						sp.whole[v] = true
						more = true
					}
				}
			}
		}
	}
}

// walkNodes calls f on n and every node under it.
func walkNodes(n tparse.Node, f func(tparse.Node)) {
	if n == nil || reflect.ValueOf(n).IsNil() {
		return
	}
	f(n)
	switch n := n.(type) {
	case *tparse.ListNode:
		for _, c := range n.Nodes {
			walkNodes(c, f)
		}
	case *tparse.ActionNode:
		walkNodes(n.Pipe, f)
	case *tparse.PipeNode:
		for _, c := range n.Cmds {
			walkNodes(c, f)
		}
	case *tparse.CommandNode:
		for _, a := range n.Args {
			walkNodes(a, f)
		}
	case *tparse.IfNode:
		walkNodes(n.Pipe, f)
		walkNodes(n.List, f)
		walkNodes(n.ElseList, f)
	case *tparse.RangeNode:
		walkNodes(n.Pipe, f)
		walkNodes(n.List, f)
		walkNodes(n.ElseList, f)
	case *tparse.WithNode:
		walkNodes(n.Pipe, f)
		walkNodes(n.List, f)
		walkNodes(n.ElseList, f)
	case *tparse.TemplateNode:
		walkNodes(n.Pipe, f)
	case *tparse.ChainNode:
		walkNodes(n.Node, f)
	}
}

// dotRoot and dotUnknown stand for what the dot is when no field names
// it: the page itself, or a function's result. Printing either, or giving
// it to a function, leaves nothing out of the key.
const (
	dotRoot    = "\x00root"
	varMark    = "\x00var:"
	dotUnknown = "\x00unknown"
	// funcResult is what pipeValue returns for a function's result.
	funcResult = "\x00func"
	// dictMark is a dict's result: a template given it reads its keys,
	// and what it reads of the values under them is recorded by key (see
	// seeDictsUsed).
	dictMark = "\x00dict"
)

// collect records the names the tree uses and, through visit, the
// templates it calls with the name of the value each gets as its dot.
// dot names the value the tree's dot holds.
func (sp *reach) collect(root tparse.Node, dot string, visit func(name, dot string)) {
	// entry is the template's data, what $ holds.
	entry := dot
	var pipeValue func(p *tparse.PipeNode, dot string) string
	// last is the identifier naming an argument's value: what a function
	// receives, an action prints or a with or range makes the dot.
	last := func(n tparse.Node, dot string) string {
		switch n := n.(type) {
		case *tparse.FieldNode:
			return n.Ident[len(n.Ident)-1]
		case *tparse.ChainNode:
			if len(n.Field) > 0 {
				return n.Field[len(n.Field)-1]
			}
		case *tparse.VariableNode:
			if len(n.Ident) > 1 {
				return n.Ident[len(n.Ident)-1]
			}
			if n.Ident[0] == "$" {
				return entry
			}
			return varMark + n.Ident[0]
		case *tparse.DotNode:
			return dot
		case *tparse.StringNode, *tparse.NumberNode, *tparse.BoolNode, *tparse.NilNode:
			return ""
		case *tparse.PipeNode:
			if v := pipeValue(n, dot); v != funcResult {
				return v
			}
			if c := n.Cmds[len(n.Cmds)-1]; len(c.Args) > 0 {
				if id, ok := c.Args[0].(*tparse.IdentifierNode); ok && id.Ident == "dict" {
					return dictMark // a dict's values, which it did not see whole
				}
			}
			return "" // its functions saw their arguments whole
		}
		return dotUnknown
	}
	// vars holds what each variable was set to, by name.
	vars := map[string][]string{}
	var whole func(name string)
	whole = func(name string) {
		if v, ok := strings.CutPrefix(name, varMark); ok {
			bound, known := vars[v]
			if !known {
				sp.all = true
			}
			for _, b := range bound {
				whole(b)
			}
			return
		}
		switch name {
		case "":
		case dotRoot, dotUnknown, funcResult, dictMark:
			sp.all = true
		default:
			sp.whole[name] = true
		}
	}
	// resolve names what a value is bound to: a variable's values.
	var resolve func(name string, depth int) []string
	resolve = func(name string, depth int) []string {
		v, ok := strings.CutPrefix(name, varMark)
		if !ok {
			return []string{name}
		}
		bound, known := vars[v]
		if !known || depth > len(vars) {
			return []string{dotUnknown}
		}
		var out []string
		for _, b := range bound {
			out = append(out, resolve(b, depth+1)...)
		}
		return out
	}
	// dictValues records what a dict call gives under each key; a key
	// that is not a constant string could be any.
	dictValues := func(args []tparse.Node, dot string) {
		for i := 0; i+1 < len(args); i += 2 {
			vals := resolve(last(args[i+1], dot), 0)
			k, ok := args[i].(*tparse.StringNode)
			if !ok {
				for _, v := range vals {
					whole(v)
				}
				continue
			}
			sp.dictKeys[k.Text] = append(sp.dictKeys[k.Text], vals...)
		}
	}
	// pipeValue names what a pipeline yields; its earlier commands feed
	// the next, and a function's arguments (but dict's) are seen whole.
	pipeValue = func(p *tparse.PipeNode, dot string) string {
		if p == nil || len(p.Cmds) == 0 {
			return dotUnknown
		}
		for i, c := range p.Cmds {
			sp.names(c, dot, func(n tparse.Node) []string { return resolve(last(n, dot), 0) }, entry, resolve)
			if len(c.Args) == 0 {
				continue
			}
			if id, ok := c.Args[0].(*tparse.IdentifierNode); ok {
				if id.Ident != "dict" {
					for _, a := range c.Args[1:] {
						whole(last(a, dot))
					}
				} else {
					dictValues(c.Args[1:], dot)
				}
			} else if i < len(p.Cmds)-1 && len(c.Args) == 1 {
				whole(last(c.Args[0], dot))
			} else if len(c.Args) > 1 {
				// A method given arguments may read all of them.
				for _, a := range c.Args[1:] {
					whole(last(a, dot))
				}
			}
			if i > 0 {
				// A command after the first is given the one before's
				// value as its last argument.
				if _, ok := c.Args[0].(*tparse.IdentifierNode); !ok {
					sp.all = true
				}
			}
		}
		c := p.Cmds[len(p.Cmds)-1]
		if len(c.Args) > 0 {
			if id, ok := c.Args[0].(*tparse.IdentifierNode); ok {
				res := dotUnknown
				if id.Ident == "dict" {
					res = dictMark
				}
				for _, d := range p.Decl {
					vars[d.Ident[0]] = append(vars[d.Ident[0]], res)
				}
				if id.Ident == "dict" {
					return dictMark
				}
				// A function's result: what it read was its arguments,
				// seen whole above. Printed, it adds nothing; as a dot,
				// it is unknown (dict's result holds values whole).
				return funcResult
			}
		}
		if len(c.Args) == 1 {
			v := last(c.Args[0], dot)
			for _, d := range p.Decl {
				vars[d.Ident[0]] = append(vars[d.Ident[0]], v)
			}
			return v
		}
		return dotUnknown
	}
	var walk func(n tparse.Node, dot string)
	walk = func(n tparse.Node, dot string) {
		switch n := n.(type) {
		case *tparse.ListNode:
			if n == nil {
				return
			}
			for _, c := range n.Nodes {
				walk(c, dot)
			}
		case *tparse.ActionNode:
			v := pipeValue(n.Pipe, dot)
			if len(n.Pipe.Decl) == 0 && v != funcResult {
				whole(v) // printed
			}
		case *tparse.IfNode:
			pipeValue(n.Pipe, dot)
			walk(n.List, dot)
			walk(n.ElseList, dot)
		case *tparse.WithNode:
			v := dotOf(pipeValue(n.Pipe, dot), vars)
			walk(n.List, v)
			walk(n.ElseList, dot)
		case *tparse.RangeNode:
			v := dotOf(pipeValue(n.Pipe, dot), vars)
			walk(n.List, v)
			walk(n.ElseList, dot)
		case *tparse.TemplateNode:
			v := dotUnknown
			if n.Pipe != nil {
				v = dotOf(pipeValue(n.Pipe, dot), vars)
			}
			visit(n.Name, v)
		}
	}
	walk(root, dot)
}

// dotOf is the dot a with, range or template call gives its body.
func dotOf(v string, vars map[string][]string) string {
	if name, ok := strings.CutPrefix(v, varMark); ok {
		if b := vars[name]; len(b) == 1 {
			return b[0]
		}
		return dotUnknown
	}
	if v == funcResult {
		return dotUnknown
	}
	return v
}

// names records the field, method and variable names a command uses,
// each on the value it is used on: a field on the dot, or on what the
// field, variable or pipeline before it names (through valueOf, which
// gives what a node names, and resolve, what a variable is bound to).
func (sp *reach) names(c *tparse.CommandNode, dot string, valueOf func(tparse.Node) []string, entry string, resolve func(string, int) []string) {
	chain := func(parents []string, ids []string) {
		for _, id := range ids {
			for _, p := range parents {
				sp.use(p, id)
			}
			parents = []string{id}
		}
	}
	walkNodes(c, func(n tparse.Node) {
		switch n := n.(type) {
		case *tparse.FieldNode:
			chain([]string{dot}, n.Ident)
		case *tparse.ChainNode:
			chain(valueOf(n.Node), n.Field)
		case *tparse.VariableNode:
			if len(n.Ident) > 1 {
				base := []string{entry}
				if n.Ident[0] != "$" {
					base = resolve(varMark+n.Ident[0], 0)
				}
				chain(base, n.Ident[1:])
			}
		case *tparse.PipeNode:
			// A parenthesised pipeline: its functions see their
			// arguments whole too.
			for _, c := range n.Cmds {
				if len(c.Args) > 0 {
					if id, ok := c.Args[0].(*tparse.IdentifierNode); ok && id.Ident != "dict" {
						for _, a := range c.Args[1:] {
							if _, isDot := a.(*tparse.DotNode); isDot {
								sp.whole[dot] = true
								switch dot {
								case dotRoot, dotUnknown, funcResult, dictMark:
									sp.all = true
								}
							} else if f, ok := a.(*tparse.FieldNode); ok {
								sp.whole[f.Ident[len(f.Ident)-1]] = true
							} else if _, ok := a.(*tparse.PipeNode); !ok {
								if _, lit := a.(*tparse.StringNode); !lit {
									sp.all = true
								}
							}
						}
					}
				}
			}
		}
	})
}

// viewHasher hashes a view as a template set sees it.
type viewHasher struct {
	sp   *reach
	h    hash.Hash
	seen map[visit]int
	out  []byte
	// plans caches the reach's plans this hasher used (see typePlan).
	plans map[planKey]*typePlan
	// sub hashes the shared views this one holds (see shared), reused
	// from one to the next.
	sub *viewHasher
	// bad is set when the view holds what cannot be hashed (a func).
	bad bool
}

type visit struct {
	p       uintptr
	t       reflect.Type
	whole   bool
	parents *parentSet
}

var timeType = reflect.TypeOf(time.Time{})

// methods lists the exported methods of t and *t, once per type and reach.
func (sp *reach) methods(t reflect.Type) []string {
	if m, ok := sp.methodsOf.Load(t); ok {
		return m.([]string)
	}
	var m []string
	pt := reflect.PointerTo(t)
	for i := range pt.NumMethod() {
		m = append(m, pt.Method(i).Name)
	}
	sp.methodsOf.Store(t, m)
	return m
}

// A typePlan is how a reach hashes the values of one type, seen whole
// or not and reached through fields of which names (parents), decided
// once per type, parents and build: whether the type's methods make it
// whole and, for a struct, the fields to hash.
type typePlan struct {
	// whole is set when the values are hashed whole: asked for whole, or
	// of a named type with a method a template names (a method may read
	// any field of what it holds).
	whole bool
	// name is the struct type's name, written as str writes it.
	name []byte
	// fields are the struct's fields to hash, in order.
	fields []fieldPlan
	// elems are the parents of a map's values: the map's, and the keys
	// used on it (.M.key reads the value under key).
	elems *parentSet
}

// fieldPlan is one field a template can read: its index, its name
// written as str writes it, and whether its value is hashed whole.
type fieldPlan struct {
	index   int
	name    []byte
	whole   bool
	parents *parentSet
}

type planKey struct {
	t       reflect.Type
	whole   bool
	parents *parentSet
}

// A parents key names the fields a value was reached through: one, or
// with the fields it is embedded in, which pass on what is used on them
// (.Title on a NavDoc reads its DocRef's Title); joined by parentSep.
const parentSep = "\x01"

// A parentSet is the fields a value was reached through, interned per
// reach: its key (see parentSep), what the templates use on such a
// value (on any of them, and anywhere), and the digests of the shared
// views reached so (see shared).
type parentSet struct {
	key     string
	used    map[string]bool
	digests sync.Map
}

// set returns the reach's parentSet of key, made the first time.
func (sp *reach) set(key string) *parentSet {
	if ps, ok := sp.sets.Load(key); ok {
		return ps.(*parentSet)
	}
	ps := &parentSet{key: key, used: map[string]bool{}}
	for n := range sp.anywhere {
		ps.used[n] = true
	}
	for _, p := range strings.Split(key, parentSep) {
		for n := range sp.on[p] {
			ps.used[n] = true
		}
	}
	q, _ := sp.sets.LoadOrStore(key, ps)
	return q.(*parentSet)
}

// plan returns the plan for t seen whole or not, reached through
// parents, made the first time.
func (sp *reach) plan(t reflect.Type, whole bool, ps *parentSet) *typePlan {
	k := planKey{t, whole, ps}
	if p, ok := sp.plans.Load(k); ok {
		return p.(*typePlan)
	}
	p := &typePlan{whole: whole}
	var used map[string]bool
	if ps != nil {
		used = ps.used
	}
	if !whole && t.Name() != "" && t != timeType {
		for _, m := range sp.methods(t) {
			if used[m] {
				p.whole = true
				break
			}
		}
	}
	switch t.Kind() {
	case reflect.Struct:
		p.name = appendStr(nil, t.String())
		for i := range t.NumField() {
			f := t.Field(i)
			if !f.IsExported() {
				continue
			}
			if !p.whole && !f.Anonymous && !used[f.Name] {
				continue
			}
			fp := fieldPlan{i, appendStr(nil, f.Name), p.whole || sp.whole[f.Name], nil}
			switch {
			case fp.whole:
			case f.Anonymous:
				fp.parents = sp.set(ps.key + parentSep + f.Name)
			default:
				fp.parents = sp.set(f.Name)
			}
			p.fields = append(p.fields, fp)
		}
	case reflect.Map:
		keys := make([]string, 0, len(used))
		for n := range used {
			keys = append(keys, n)
		}
		sort.Strings(keys)
		if ps != nil {
			p.elems = sp.set(strings.Join(append([]string{ps.key}, keys...), parentSep))
		}
	}
	q, _ := sp.plans.LoadOrStore(k, p)
	return q.(*typePlan)
}

// plan is the reach's plan, looked up in v's cache first.
func (v *viewHasher) plan(t reflect.Type, whole bool, ps *parentSet) *typePlan {
	if whole {
		ps = nil // seen whole, a value is hashed whole wherever it is
	}
	k := planKey{t, whole, ps}
	p := v.plans[k]
	if p == nil {
		p = v.sp.plan(t, whole, ps)
		v.plans[k] = p
	}
	return p
}

// appendStr appends s as str writes it: its length, then its bytes.
func appendStr(b []byte, s string) []byte {
	return append(binary.AppendVarint(b, int64(len(s))), s...)
}

func (v *viewHasher) int(n int64) {
	v.out = binary.AppendVarint(v.out, n)
}

func (v *viewHasher) str(s string) {
	v.out = appendStr(v.out, s)
	if len(v.out) >= 32<<10 {
		v.flush()
	}
}

// bytes writes b as str writes a string.
func (v *viewHasher) bytes(b []byte) {
	v.int(int64(len(b)))
	v.raw(b)
}

// raw writes b, already encoded (see typePlan).
func (v *viewHasher) raw(b []byte) {
	v.out = append(v.out, b...)
	if len(v.out) >= 32<<10 {
		v.flush()
	}
}

// flush hashes what is buffered: written through one buffer, a string
// is copied once rather than converted.
func (v *viewHasher) flush() {
	v.h.Write(v.out)
	v.out = v.out[:0]
}

// value hashes x, reached through parents; whole leaves no field out.
func (v *viewHasher) value(x reflect.Value, whole bool, ps *parentSet) {
	k := x.Kind()
	switch k {
	case reflect.Invalid:
		v.str("invalid")
		return
	case reflect.Struct:
		v.structValue(x, whole, ps)
		return
	}
	if !whole {
		if t := x.Type(); t.Name() != "" {
			whole = v.plan(t, false, ps).whole
		}
	}
	if whole {
		ps = nil
	}
	switch k {
	case reflect.Bool:
		if x.Bool() {
			v.int(1)
		} else {
			v.int(0)
		}
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		v.int(x.Int())
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		v.int(int64(x.Uint()))
	case reflect.Float32, reflect.Float64:
		v.int(int64(math.Float64bits(x.Float())))
	case reflect.String:
		v.str(x.String())
	case reflect.Pointer:
		if x.IsNil() {
			v.str("nil")
			return
		}
		t := x.Type()
		if sharedViews[t] {
			v.shared(x, whole, ps)
			return
		}
		key := visit{x.Pointer(), t, whole, ps}
		if n, ok := v.seen[key]; ok {
			v.str("ref")
			v.int(int64(n))
			return
		}
		v.seen[key] = len(v.seen)
		v.str("ptr")
		v.value(x.Elem(), whole, ps)
	case reflect.Interface:
		if x.IsNil() {
			v.str("nil")
			return
		}
		v.str(x.Elem().Type().String())
		v.value(x.Elem(), whole, ps)
	case reflect.Slice, reflect.Array:
		if k == reflect.Slice && x.IsNil() {
			v.str("nil")
			return
		}
		n := x.Len()
		v.int(int64(n))
		for i := range n {
			v.value(x.Index(i), whole, ps)
		}
	case reflect.Map:
		v.int(int64(x.Len()))
		keys := x.MapKeys()
		if x.Type().Key().Kind() == reflect.String {
			// fmt.Sprint of a string is the string.
			sort.Slice(keys, func(i, j int) bool { return keys[i].String() < keys[j].String() })
		} else {
			sort.Slice(keys, func(i, j int) bool { return fmt.Sprint(keys[i]) < fmt.Sprint(keys[j]) })
		}
		elems := ps
		if !whole {
			elems = v.plan(x.Type(), false, ps).elems
		}
		for _, k := range keys {
			v.value(k, true, nil)
			v.value(x.MapIndex(k), whole, elems)
		}
	default: // funcs, channels: not a view's
		v.bad = true
	}
}

func (v *viewHasher) structValue(x reflect.Value, whole bool, ps *parentSet) {
	t := x.Type()
	if t == timeType {
		tm, _ := reflect.TypeAssert[time.Time](x)
		name, off := tm.Zone()
		v.int(tm.UnixNano())
		v.str(name)
		v.int(int64(off))
		v.str(tm.Location().String())
		return
	}
	p := v.plan(t, whole, ps)
	v.raw(p.name)
	for _, f := range p.fields {
		v.raw(f.name)
		v.value(x.Field(f.index), f.whole, f.parents)
	}
}

// newViewHasher returns a hasher of th's, reused with its buffer and
// plans: a build makes a key for each of thousands of pages.
func (th *theme) newViewHasher(sp *reach) *viewHasher {
	v, _ := th.hashers.Get().(*viewHasher)
	if v == nil {
		v = &viewHasher{h: sha256.New(), seen: map[visit]int{}, plans: map[planKey]*typePlan{}}
	}
	if v.sp != sp {
		clear(v.plans)
		v.sp = sp
	}
	return v
}

// release hands v back for another page; v is not used after.
func (th *theme) release(v *viewHasher) {
	v.h.Reset()
	clear(v.seen)
	v.out = v.out[:0]
	v.bad = false
	th.hashers.Put(v)
}

// pageKey is the key of p's page: the theme's templates, the kind and
// the view as the templates see it; "" when the view cannot be hashed.
func (th *theme) pageKey(sp *reach, kind string, p *Page) string {
	v := th.newViewHasher(sp)
	defer th.release(v)
	v.str(th.digest)
	v.str(kind)
	v.value(reflect.ValueOf(p), sp.all, sp.set(dotRoot))
	if v.bad {
		return ""
	}
	v.flush()
	return hex.EncodeToString(v.h.Sum(nil))
}

// templatesDigest hashes every template file of the theme.
func templatesDigest(fsys fs.FS) (string, error) {
	h := sha256.New()
	err := fs.WalkDir(fsys, "templates", func(p string, d fs.DirEntry, err error) error {
		if err != nil || !d.Type().IsRegular() {
			return err
		}
		b, err := fs.ReadFile(fsys, p)
		if err != nil {
			return err
		}
		fmt.Fprintf(h, "%q %d\n", p, len(b))
		h.Write(b)
		return nil
	})
	return hex.EncodeToString(h.Sum(nil)), err
}

// earlyKey is the key of p's page when p's view leaves out its lazy
// fields, those of a document's and a history page's view that are
// costly to make (rendered bodies, redlines, what reading an old revision
// gives) and are made only when the page is: the theme's templates, the
// kind, the view as the templates see it without them, and lazy, which
// names everything they are made from (blob ids, paths, titles, the
// targets of the document's links). What the lazy fields' links resolve
// to is checked when the entry is read (see linkKept). "" when the view
// cannot be hashed.
func (th *theme) earlyKey(sp *reach, kind string, p *Page, lazy []byte) string {
	v := th.newViewHasher(sp)
	defer th.release(v)
	v.str(th.digest)
	v.str("early " + kind)
	v.value(reflect.ValueOf(p), sp.all, sp.set(dotRoot))
	if v.bad {
		return ""
	}
	v.str(string(lazy))
	v.flush()
	return hex.EncodeToString(v.h.Sum(nil))
}
