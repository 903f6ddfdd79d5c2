//go:build ignore

// mksymbols cuts symbols.ttf, the bundled fallback for the symbols
// handbooks use that DejaVu lacks (✅ ❌ ⭐ ⏰ …), from Symbola 2.60 as
// Debian's fonts-symbola ships it (free for any use; see
// symbols-LICENSE.txt). It keeps only the characters of the symbol blocks
// below that no DejaVu face draws, so the binary grows by little.
//
//	apt-get download fonts-symbola && dpkg-deb -x fonts-symbola_*.deb x
//	go run mksymbols.go x/usr/share/fonts/truetype/ancient-scripts/Symbola_hint.ttf
package main

import (
	"fmt"
	"os"

	"github.com/ismspack/ismspack/generator/fonts"
)

// blocks are the Unicode blocks of the Basic Multilingual Plane (fpdf
// draws nothing beyond it) whose symbols handbooks use.
var blocks = [][2]rune{
	{0x2190, 0x21FF}, // Arrows
	{0x2300, 0x23FF}, // Miscellaneous Technical (⌛ ⏰ ⏳)
	{0x2460, 0x24FF}, // Enclosed Alphanumerics
	{0x2500, 0x25FF}, // Box Drawing, Block Elements, Geometric Shapes
	{0x2600, 0x26FF}, // Miscellaneous Symbols (⛔ ⚡)
	{0x2700, 0x27BF}, // Dingbats (✅ ❌ ❓ ✨)
	{0x27F0, 0x27FF}, // Supplemental Arrows-A
	{0x2900, 0x297F}, // Supplemental Arrows-B
	{0x2B00, 0x2BFF}, // Miscellaneous Symbols and Arrows (⭐ ⭕ ⬛)
	{0x3030, 0x3030}, {0x303D, 0x303D}, {0x3297, 0x3297}, {0x3299, 0x3299},
}

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: go run mksymbols.go Symbola_hint.ttf")
		os.Exit(2)
	}
	ttf, err := os.ReadFile(os.Args[1])
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	sym, err := fonts.Parse("Symbola", ttf)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	set, err := fonts.DejaVu()
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	base := *set
	base.Fallbacks = nil // the DejaVu faces alone
	var runes []rune
	for _, b := range blocks {
		for r := b[0]; r <= b[1]; r++ {
			if sym.Has(r) && !base.Covers(r) {
				runes = append(runes, r)
			}
		}
	}
	sub, err := sym.Subset(runes)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	if err := os.WriteFile("symbols.ttf", sub, 0o644); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	fmt.Printf("symbols.ttf: %d characters, %d bytes\n", len(runes), len(sub))
}
