/// What the code highlighter knows about one language: its words and how its comments and
/// strings look. A lexer for colour only, not a parser: it needs to be right on ordinary code
/// and harmless on anything else.
final class CodeLanguage: Sendable {
    let keywords: WordSet
    let types: WordSet
    let builtins: WordSet
    let lineComments: [[UInt8]]
    let blockComment: (open: [UInt8], close: [UInt8], nests: Bool)?
    /// Quote bytes that start a string.
    let quotes: [UInt8]
    /// Quote bytes whose strings may run over several lines (JavaScript and Go backticks).
    let multilineQuotes: [UInt8]
    /// `"""` (and `'''` when `'` is a quote) start strings that run over lines.
    let tripleQuotes: Bool
    /// Whether a backslash escapes the next byte inside strings.
    let escapes: Bool
    let caseInsensitive: Bool
    /// Identifiers starting with a capital letter are types (Swift, Rust, Go, TypeScript).
    let capitalizedTypes: Bool
    /// `#` starts a comment only at the start of a word (shell, YAML).
    let commentAtWordStart: Bool
    /// Extra bytes that belong to words (`-` and `.` in shell words).
    let wordBytes: [UInt8]
    /// `$name` and `${…}` are variables (shell).
    let dollarVariables: Bool
    /// A string or bare word followed by `:` is a key (JSON, YAML).
    let keys: Bool
    /// `#include`-style lines (C, C++).
    let preprocessor: Bool
    /// Rust: `'a` lifetimes, `name!` macros.
    let rustSyntax: Bool
    /// Python: `@decorator`.
    let decorators: Bool
    /// Bytes that may start a string, as a table.
    let isQuote: [Bool]
    /// Bytes that may continue a word besides letters and digits, as a table.
    let isWordByte: [Bool]
    /// First bytes of comment markers, as a table.
    let mayStartComment: [Bool]

    // A class, so that the highlighter refers to its language without copying every table.
    init(
        keywords: WordSet, types: WordSet = WordSet(""), builtins: WordSet = WordSet(""),
        lineComments: [[UInt8]] = [], blockComment: (open: [UInt8], close: [UInt8], nests: Bool)? = nil,
        quotes: [UInt8] = [0x22, 0x27], multilineQuotes: [UInt8] = [], tripleQuotes: Bool = false,
        escapes: Bool = true, caseInsensitive: Bool = false, capitalizedTypes: Bool = false,
        commentAtWordStart: Bool = false, wordBytes: [UInt8] = [], dollarVariables: Bool = false,
        keys: Bool = false, preprocessor: Bool = false, rustSyntax: Bool = false, decorators: Bool = false
    ) {
        self.keywords = keywords
        self.types = types
        self.builtins = builtins
        self.lineComments = lineComments
        self.blockComment = blockComment
        self.quotes = quotes
        self.multilineQuotes = multilineQuotes
        self.tripleQuotes = tripleQuotes
        self.escapes = escapes
        self.caseInsensitive = caseInsensitive
        self.capitalizedTypes = capitalizedTypes
        self.commentAtWordStart = commentAtWordStart
        self.wordBytes = wordBytes
        self.dollarVariables = dollarVariables
        self.keys = keys
        self.preprocessor = preprocessor
        self.rustSyntax = rustSyntax
        self.decorators = decorators
        var quoteTable = [Bool](repeating: false, count: 256)
        for byte in quotes { quoteTable[Int(byte)] = true }
        isQuote = quoteTable
        var wordTable = [Bool](repeating: false, count: 256)
        for byte in wordBytes { wordTable[Int(byte)] = true }
        isWordByte = wordTable
        var commentTable = [Bool](repeating: false, count: 256)
        for marker in lineComments { if let first = marker.first { commentTable[Int(first)] = true } }
        if let first = blockComment?.open.first { commentTable[Int(first)] = true }
        mayStartComment = commentTable
    }

    /// The language for a fence's info string (its first word), or nil (plain code colour).
    static func named(_ info: String) -> CodeLanguage? {
        switch info.lowercased() {
        case "swift": return swift
        case "python", "py", "python3", "py3", "ipython": return python
        case "javascript", "js", "jsx", "mjs", "cjs", "node": return javascript
        case "typescript", "ts", "tsx", "mts", "cts": return typescript
        case "sh", "bash", "zsh", "shell", "console", "shellscript", "ksh", "fish": return shell
        case "json", "jsonc", "json5", "jsonl", "geojson": return json
        case "yaml", "yml": return yaml
        case "sql", "postgres", "postgresql", "mysql", "sqlite", "plsql", "tsql", "psql": return sql
        case "c", "h": return c
        case "cpp", "c++", "cc", "cxx", "hpp", "hh", "hxx", "cuda": return cpp
        case "go", "golang": return go
        case "rust", "rs": return rust
        default: return nil
        }
    }

    static let swift = CodeLanguage(
        keywords: WordSet("""
            associatedtype actor async await break case catch class continue default defer deinit do \
            else enum extension fallthrough false fileprivate final for func guard if import in indirect \
            init inout internal is let lazy mutating nil nonisolated nonmutating open operator override \
            package private protocol public repeat rethrows return self Self some any static struct \
            subscript super switch throw throws true try typealias unowned var weak where while consume \
            borrowing consuming sending isolated macro convenience required dynamic get set willSet didSet
            """),
        types: WordSet("Int Int8 Int16 Int32 Int64 UInt UInt8 UInt16 UInt32 UInt64 Double Float Bool String Character Void"),
        builtins: WordSet("print debugPrint fatalError precondition assert min max zip stride abs"),
        lineComments: [Array("//".utf8)],
        blockComment: (Array("/*".utf8), Array("*/".utf8), true),
        quotes: [0x22],
        tripleQuotes: true,
        capitalizedTypes: true)

    static let python = CodeLanguage(
        keywords: WordSet("""
            False None True and as assert async await break class continue def del elif else except \
            finally for from global if import in is lambda nonlocal not or pass raise return try while \
            with yield match case self cls
            """),
        types: WordSet("int float str bool list dict set tuple bytes object type Exception ValueError TypeError KeyError"),
        builtins: WordSet("""
            print len range enumerate zip map filter sorted reversed open isinstance super sum min max \
            abs any all iter next repr format input getattr setattr hasattr
            """),
        lineComments: [Array("#".utf8)],
        tripleQuotes: true,
        decorators: true)

    static let javascript = CodeLanguage(
        keywords: WordSet(javascriptKeywords),
        types: WordSet("Array Object String Number Boolean Promise Map Set Error JSON Math Date RegExp Symbol"),
        builtins: WordSet("console require module exports window document globalThis process fetch setTimeout"),
        lineComments: [Array("//".utf8)],
        blockComment: (Array("/*".utf8), Array("*/".utf8), false),
        quotes: [0x22, 0x27, 0x60],
        multilineQuotes: [0x60],
        wordBytes: [0x24])

    static let typescript = CodeLanguage(
        keywords: WordSet(javascriptKeywords + """
             interface type enum implements namespace declare readonly abstract private protected public \
            keyof infer is as satisfies
            """),
        types: WordSet("""
            string number boolean any unknown never void object bigint symbol Array Record Partial Promise \
            Map Set Error Readonly
            """),
        builtins: WordSet("console require module exports window document globalThis process fetch setTimeout"),
        lineComments: [Array("//".utf8)],
        blockComment: (Array("/*".utf8), Array("*/".utf8), false),
        quotes: [0x22, 0x27, 0x60],
        multilineQuotes: [0x60],
        capitalizedTypes: true,
        wordBytes: [0x24])

    private static let javascriptKeywords = """
        async await break case catch class const continue debugger default delete do else export \
        extends false finally for from function if import in instanceof let new null of return static \
        super switch this throw true try typeof undefined var void while with yield
        """

    static let shell = CodeLanguage(
        keywords: WordSet("""
            if then else elif fi for while until do done case esac in function select return exit \
            export local readonly declare unset source alias time
            """),
        builtins: WordSet("""
            echo printf cd pwd read set test eval exec shift trap true false sudo cat grep sed awk ls \
            mkdir rm cp mv chmod chown curl git make swift pip npm docker
            """),
        lineComments: [Array("#".utf8)],
        commentAtWordStart: true,
        wordBytes: [0x2D, 0x2E, 0x2F],
        dollarVariables: true)

    static let json = CodeLanguage(
        keywords: WordSet("true false null"),
        quotes: [0x22],
        keys: true)

    static let yaml = CodeLanguage(
        keywords: WordSet("true false null yes no on off True False Null TRUE FALSE NULL"),
        lineComments: [Array("#".utf8)],
        escapes: false,
        commentAtWordStart: true,
        wordBytes: [0x2D, 0x2E, 0x2F],
        keys: true)

    static let sql = CodeLanguage(
        keywords: WordSet("""
            select from where and or not insert into values update set delete create table drop alter \
            add column index view join left right inner outer full cross on as group by order having \
            limit offset union all distinct case when then else end is null like in between exists \
            primary key foreign references unique default check constraint begin commit rollback \
            transaction with recursive returning asc desc if cascade replace trigger database schema \
            grant revoke true false
            """),
        types: WordSet("""
            int integer bigint smallint serial bigserial text varchar char boolean bool date time \
            timestamp timestamptz numeric decimal real float double precision json jsonb uuid blob
            """),
        builtins: WordSet("count sum avg min max coalesce now cast lower upper length substr round"),
        lineComments: [Array("--".utf8)],
        blockComment: (Array("/*".utf8), Array("*/".utf8), false),
        quotes: [0x27, 0x22],
        escapes: false,
        caseInsensitive: true)

    private static let cKeywords = """
        auto break case const continue default do else enum extern for goto if inline register \
        restrict return sizeof static struct switch typedef union volatile while NULL true false
        """
    private static let cTypes = """
        int char short long float double void signed unsigned bool size_t ssize_t int8_t int16_t \
        int32_t int64_t uint8_t uint16_t uint32_t uint64_t FILE
        """

    static let c = CodeLanguage(
        keywords: WordSet(cKeywords),
        types: WordSet(cTypes),
        builtins: WordSet("printf fprintf sprintf snprintf malloc calloc realloc free memcpy memset strlen strcmp"),
        lineComments: [Array("//".utf8)],
        blockComment: (Array("/*".utf8), Array("*/".utf8), false),
        preprocessor: true)

    static let cpp = CodeLanguage(
        keywords: WordSet(cKeywords + """
             class namespace template typename public private protected virtual override final \
            friend using new delete this throw try catch noexcept constexpr consteval decltype \
            nullptr operator explicit mutable static_cast dynamic_cast const_cast reinterpret_cast \
            co_await co_return co_yield concept requires
            """),
        types: WordSet(cTypes + " string vector map unordered_map set unique_ptr shared_ptr optional auto"),
        builtins: WordSet("std cout cerr endl printf malloc free move forward make_unique make_shared"),
        lineComments: [Array("//".utf8)],
        blockComment: (Array("/*".utf8), Array("*/".utf8), false),
        capitalizedTypes: true,
        preprocessor: true)

    static let go = CodeLanguage(
        keywords: WordSet("""
            break case chan const continue default defer else fallthrough for func go goto if import \
            interface map package range return select struct switch type var true false nil iota
            """),
        types: WordSet("""
            bool byte complex64 complex128 error float32 float64 int int8 int16 int32 int64 rune \
            string uint uint8 uint16 uint32 uint64 uintptr any
            """),
        builtins: WordSet("append cap close copy delete len make new panic print println recover fmt"),
        lineComments: [Array("//".utf8)],
        blockComment: (Array("/*".utf8), Array("*/".utf8), false),
        quotes: [0x22, 0x27, 0x60],
        multilineQuotes: [0x60],
        capitalizedTypes: true)

    static let rust = CodeLanguage(
        keywords: WordSet("""
            as async await break const continue crate dyn else enum extern false fn for if impl in let \
            loop match mod move mut pub ref return self Self static struct super trait true type unsafe \
            use where while union
            """),
        types: WordSet("""
            i8 i16 i32 i64 i128 isize u8 u16 u32 u64 u128 usize f32 f64 bool char str String Vec \
            Option Result Box Some None Ok Err
            """),
        lineComments: [Array("//".utf8)],
        blockComment: (Array("/*".utf8), Array("*/".utf8), true),
        quotes: [0x22],
        capitalizedTypes: true,
        rustSyntax: true)
}

/// A set of short ASCII words, looked up straight from bytes without making a `String`.
///
/// Hand-written: the highlighter looks up every identifier, and both `Set<String>` (a `String`
/// per identifier) and `Set` of a packed key (SipHash per lookup) cost more than the rest of
/// the highlighting. This is a fixed open-addressing table keyed by the word packed into two
/// 64-bit integers, with a multiplicative hash.
struct WordSet: Sendable {
    private var lows: [UInt64]
    private var highs: [UInt64]
    private var used: [Bool]
    private let mask: Int
    private let isEmpty: Bool

    init(_ words: String) {
        let list = words.split(whereSeparator: { $0 == " " || $0 == "\n" }).compactMap {
            Self.key(Array($0.utf8)[...], lowercase: false)
        }
        var size = 16
        while size < list.count * 4 { size *= 2 }
        mask = size - 1
        lows = Array(repeating: 0, count: size)
        highs = Array(repeating: 0, count: size)
        used = Array(repeating: false, count: size)
        isEmpty = list.isEmpty
        for (low, high) in list {
            var slot = Self.slot(low, high, mask)
            while used[slot] && !(lows[slot] == low && highs[slot] == high) { slot = (slot + 1) & mask }
            used[slot] = true
            lows[slot] = low
            highs[slot] = high
        }
    }

    /// Whether the word (at most 16 bytes long) is in the set.
    func contains(_ word: ArraySlice<UInt8>, lowercase: Bool = false) -> Bool {
        guard !isEmpty, let (low, high) = Self.key(word, lowercase: lowercase) else { return false }
        var slot = Self.slot(low, high, mask)
        while used[slot] {
            if lows[slot] == low && highs[slot] == high { return true }
            slot = (slot + 1) & mask
        }
        return false
    }

    private static func slot(_ low: UInt64, _ high: UInt64, _ mask: Int) -> Int {
        let mixed = (low &* 0x9E37_79B9_7F4A_7C15) ^ (high &* 0xC2B2_AE3D_27D4_EB4F)
        return Int(truncatingIfNeeded: mixed >> 40) & mask
    }

    private static func key(_ word: ArraySlice<UInt8>, lowercase: Bool) -> (UInt64, UInt64)? {
        guard !word.isEmpty, word.count <= 16 else { return nil }
        var low: UInt64 = 0
        var high: UInt64 = 0
        var shift: UInt64 = 0
        for raw in word {
            let byte = lowercase && (0x41...0x5A).contains(raw) ? raw | 0x20 : raw
            if shift < 64 {
                low |= UInt64(byte) << shift
            } else {
                high |= UInt64(byte) << (shift - 64)
            }
            shift += 8
        }
        return (low, high)
    }
}
