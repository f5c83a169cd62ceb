import SwiftUI

/// A contact or a note changed both here and on the server. The core keeps
/// both versions and explains it; the member reads theirs (a note's text),
/// then picks one, or keeps both.
struct ConflictBanner: View {
    @EnvironmentObject var core: CoreBridge
    let conflict: ConflictView

    var body: some View {
        VStack(alignment: .leading, spacing: 10) {
            Label { Text(conflict.message) } icon: {
                Image(systemName: "exclamationmark.triangle.fill").foregroundStyle(.orange)
            }
            if let mine = conflict.mineText {
                Text("your_version").font(.subheadline.bold())
                Text(mine.trimmingCharacters(in: .whitespacesAndNewlines)).lineLimit(8)
            }
            // Stacks vertically when the buttons do not fit (large text sizes).
            ViewThatFits {
                HStack { buttons }
                VStack(alignment: .leading) { buttons }
            }
            .buttonStyle(.bordered)
        }
        .padding(.vertical, 4)
    }

    @ViewBuilder private var buttons: some View {
        Button("keep_mine") { core.send(.resolveConflict(conflictId: conflict.id, resolution: .keepMine)) }
            .frame(minHeight: 44)
        Button("keep_server") { core.send(.resolveConflict(conflictId: conflict.id, resolution: .keepServer)) }
            .frame(minHeight: 44)
        Button("keep_both") { core.send(.resolveConflict(conflictId: conflict.id, resolution: .keepBoth)) }
            .frame(minHeight: 44)
    }
}
