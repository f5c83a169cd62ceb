import SwiftUI

/// A note's document drawn natively: every string the core sends is shown
/// as text, never read as markup. Links are ordinary `Text` links; the
/// screen that shows this decides what opening one does (it asks first,
/// through `OpenURLAction`). A task's box calls `onTask` with the task.
struct NoteDocumentView: View {
    let blocks: [Block]
    let readOnly: Bool
    let onTask: (NoteTask) -> Void

    var body: some View {
        VStack(alignment: .leading, spacing: 10) {
            ForEach(Array(blocks.enumerated()), id: \.offset) { _, block in
                NoteBlockView(block: block, readOnly: readOnly, onTask: onTask)
            }
        }
        .frame(maxWidth: .infinity, alignment: .leading)
    }
}

private struct NoteBlockView: View {
    let block: Block
    let readOnly: Bool
    let onTask: (NoteTask) -> Void

    var body: some View {
        switch block {
        case .heading(let level, let spans):
            Text(attributed(spans))
                .font(level == 1 ? Font.title2.weight(.semibold) : level == 2 ? Font.title3.weight(.semibold) : Font.headline)
                .padding(.top, 4)
                .accessibilityAddTraits(.isHeader)
        case .paragraph(let spans):
            Text(attributed(spans))
        case .listItem(let depth, let marker, let task, let spans):
            NoteListRow(depth: depth, marker: marker, task: task, spans: spans, readOnly: readOnly, onTask: onTask)
        case .quote(let blocks):
            HStack(alignment: .top, spacing: 12) {
                RoundedRectangle(cornerRadius: 2).fill(Color.secondary.opacity(0.4)).frame(width: 4)
                NoteDocumentView(blocks: blocks, readOnly: readOnly, onTask: onTask)
                    .foregroundStyle(.secondary)
            }
            .fixedSize(horizontal: false, vertical: true)
        case .code(_, let text):
            ScrollView(.horizontal, showsIndicators: false) {
                Text(verbatim: text.hasSuffix("\n") ? String(text.dropLast()) : text)
                    .font(.system(.callout, design: .monospaced))
                    .padding(12)
            }
            .frame(maxWidth: .infinity, alignment: .leading)
            .background(Color.secondary.opacity(0.12), in: RoundedRectangle(cornerRadius: 8))
        case .rule:
            Divider().padding(.vertical, 6)
        }
    }
}

/// One row of a list: indented by its depth, its number or bullet, or a box to tick.
private struct NoteListRow: View {
    let depth: Int
    let marker: ListMarker
    let task: NoteTask?
    let spans: [Span]
    let readOnly: Bool
    let onTask: (NoteTask) -> Void

    var body: some View {
        Group {
            if let task {
                Button { onTask(task) } label: {
                    HStack(alignment: .firstTextBaseline, spacing: 10) {
                        Image(systemName: task.checked ? "checkmark.square.fill" : "square")
                            .foregroundStyle(task.checked ? Color.accentColor : Color.secondary)
                            .accessibilityHidden(true)
                        Text(attributed(spans))
                            .foregroundStyle(task.checked ? Color.secondary : Color.primary)
                    }
                    .frame(maxWidth: .infinity, minHeight: 44, alignment: .leading)
                    .contentShape(Rectangle())
                }
                .buttonStyle(.plain)
                .disabled(readOnly)
                .accessibilityValue(Text(LocalizedStringKey(task.checked ? "task_checked" : "task_unchecked")))
            } else {
                HStack(alignment: .firstTextBaseline, spacing: 6) {
                    Text(verbatim: listMarker(marker, depth: depth)).monospacedDigit()
                    Text(attributed(spans))
                }
            }
        }
        .padding(.leading, CGFloat(min(depth, 6)) * 20)
    }
}

/// "3." for a numbered item; a bullet that changes shape with depth.
func listMarker(_ marker: ListMarker, depth: Int) -> String {
    switch marker {
    case .number(let n): return "\(n)."
    case .bullet: return ["•", "◦", "▪"][depth % 3]
    }
}

/// Only what a browser or mail app should get from a note (the core sends no other; checked again).
func safeLinkURL(_ href: String) -> URL? {
    guard let url = URL(string: href), let scheme = url.scheme?.lowercased(), ["http", "https", "mailto"].contains(scheme) else {
        return nil
    }
    return url
}

/// Spans as styled text: emphasis, strong and code as SwiftUI draws Markdown's; links only when safe.
func attributed(_ spans: [Span], intent: InlinePresentationIntent = []) -> AttributedString {
    var out = AttributedString()
    for span in spans {
        switch span {
        case .text(let text):
            out += piece(text, intent)
        case .emphasis(let inner):
            out += attributed(inner, intent: intent.union(.emphasized))
        case .strong(let inner):
            out += attributed(inner, intent: intent.union(.stronglyEmphasized))
        case .code(let text):
            out += piece(text, intent.union(.code))
        case .link(let href, let inner):
            var words = attributed(inner, intent: intent)
            if let url = safeLinkURL(href) { words.link = url }
            out += words
        case .lineBreak:
            out += AttributedString("\n")
        }
    }
    return out
}

private func piece(_ text: String, _ intent: InlinePresentationIntent) -> AttributedString {
    var result = AttributedString(text)
    if !intent.isEmpty { result.inlinePresentationIntent = intent }
    return result
}

/// The spans' words, for comparisons.
func plainText(_ spans: [Span]) -> String {
    spans.map { span -> String in
        switch span {
        case .text(let text), .code(let text): return text
        case .emphasis(let inner), .strong(let inner): return plainText(inner)
        case .link(_, let inner): return plainText(inner)
        case .lineBreak: return "\n"
        }
    }.joined()
}

/// The blocks without a first heading that only repeats the title shown above them.
func blocksWithoutTitle(_ document: Document, title: String) -> [Block] {
    if case .heading(_, let spans)? = document.blocks.first,
       plainText(spans).trimmingCharacters(in: .whitespaces) == title.trimmingCharacters(in: .whitespaces) {
        return Array(document.blocks.dropFirst())
    }
    return document.blocks
}
