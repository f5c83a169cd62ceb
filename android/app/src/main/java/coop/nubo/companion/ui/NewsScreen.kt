package coop.nubo.companion.ui

import androidx.compose.foundation.background
import androidx.compose.foundation.clickable
import androidx.compose.foundation.layout.Arrangement
import androidx.compose.foundation.layout.Box
import androidx.compose.foundation.layout.BoxWithConstraints
import androidx.compose.foundation.layout.consumeWindowInsets
import androidx.compose.foundation.layout.fillMaxHeight
import androidx.compose.foundation.layout.width
import androidx.compose.material3.ListItemDefaults
import androidx.compose.material3.VerticalDivider
import androidx.compose.runtime.remember
import androidx.compose.ui.semantics.selected
import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.ExperimentalLayoutApi
import androidx.compose.foundation.layout.FlowRow
import androidx.compose.foundation.layout.PaddingValues
import androidx.compose.foundation.layout.Row
import androidx.compose.foundation.layout.fillMaxSize
import androidx.compose.foundation.layout.fillMaxWidth
import androidx.compose.foundation.layout.padding
import androidx.compose.foundation.layout.size
import androidx.compose.foundation.layout.widthIn
import androidx.compose.foundation.lazy.LazyColumn
import androidx.compose.foundation.lazy.LazyListState
import androidx.compose.foundation.lazy.rememberLazyListState
import androidx.compose.foundation.lazy.items
import androidx.compose.foundation.rememberScrollState
import androidx.compose.foundation.shape.CircleShape
import androidx.compose.foundation.text.KeyboardActions
import androidx.compose.foundation.text.KeyboardOptions
import androidx.compose.foundation.verticalScroll
import androidx.compose.material.icons.Icons
import androidx.compose.material.icons.automirrored.filled.ArrowBack
import androidx.compose.material.icons.filled.Check
import androidx.compose.material.icons.filled.DateRange
import androidx.compose.material.icons.filled.Refresh
import androidx.compose.material.icons.filled.Warning
import androidx.compose.material3.AlertDialog
import androidx.compose.material3.Button
import androidx.compose.material3.Card
import androidx.compose.material3.CardDefaults
import androidx.compose.material3.ExperimentalMaterial3Api
import androidx.compose.material3.FilterChip
import androidx.compose.material3.FilterChipDefaults
import androidx.compose.material3.HorizontalDivider
import androidx.compose.material3.Icon
import androidx.compose.material3.IconButton
import androidx.compose.material3.ListItem
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.OutlinedButton
import androidx.compose.material3.OutlinedTextField
import androidx.compose.material3.Scaffold
import androidx.compose.material3.SnackbarHost
import androidx.compose.material3.SnackbarHostState
import androidx.compose.material3.Text
import androidx.compose.material3.TextButton
import androidx.compose.material3.TopAppBar
import androidx.compose.runtime.Composable
import androidx.compose.runtime.getValue
import androidx.compose.runtime.mutableStateOf
import androidx.compose.runtime.rememberCoroutineScope
import androidx.compose.runtime.saveable.rememberSaveable
import androidx.compose.runtime.setValue
import androidx.compose.ui.Alignment
import androidx.compose.ui.Modifier
import androidx.compose.ui.semantics.LiveRegionMode
import androidx.compose.ui.semantics.contentDescription
import androidx.compose.ui.semantics.heading
import androidx.compose.ui.semantics.liveRegion
import androidx.compose.ui.semantics.semantics
import androidx.compose.ui.text.font.FontWeight
import androidx.compose.ui.text.input.ImeAction
import androidx.compose.ui.text.input.KeyboardType
import androidx.compose.ui.text.style.TextOverflow
import androidx.compose.ui.unit.dp
import coop.nubo.companion.core.AnnouncementRow
import coop.nubo.companion.core.AnnouncementView
import coop.nubo.companion.core.CalendarView
import coop.nubo.companion.core.Event
import coop.nubo.companion.core.NewsSourceView
import coop.nubo.companion.core.ViewModel
import kotlinx.coroutines.launch

/** What the news screens ask the member; a test may start with one open. */
sealed class NewsQuestion {
    data class RemoveFeed(val url: String, val name: String) : NewsQuestion()
    data class Link(val href: String) : NewsQuestion()
}

/**
 * The cooperative's announcements, as the core sorts them (newest first,
 * the member's language; the others counted and shown on request). Unread
 * ones are marked with a dot and a word, not a colour alone. Below the
 * list, the sources: a failing one says since when, the member's own feeds
 * can be removed, another one added by its address.
 */
@OptIn(ExperimentalMaterial3Api::class)
@Composable
fun NewsScreen(
    view: ViewModel,
    snackbar: SnackbarHostState,
    send: (Event) -> Unit,
    bottomBar: @Composable () -> Unit = {},
    question: NewsQuestion? = null,
    listState: LazyListState = rememberLazyListState(),
    /** The announcement shown beside the list (two panes), marked in it. */
    selected: Long? = null,
) {
    val news = view.news
    val all = news.language == "all"
    var asking by rememberSaveable(stateSaver = newsQuestionSaver) { mutableStateOf(question) }
    // "all" keeps every language shown when the filter changes; null is the member's own.
    val language = if (all) "all" else null

    Scaffold(
        topBar = {
            TopAppBar(
                title = { Text(text(Label.news)) },
                actions = {
                    IconButton(onClick = { send(Event.PollNews) }, enabled = !news.polling) {
                        Icon(Icons.Filled.Refresh, contentDescription = text(Label.sync_now))
                    }
                },
            )
        },
        snackbarHost = { SnackbarHost(snackbar) },
        bottomBar = bottomBar,
    ) { padding ->
      // Rows a reader can follow on a tablet: not the window's whole width.
      Box(Modifier.fillMaxSize().padding(padding), contentAlignment = Alignment.TopCenter) {
        LazyColumn(Modifier.widthIn(max = 840.dp).fillMaxSize(), state = listState, contentPadding = PaddingValues(bottom = 24.dp)) {
            item {
                Row(
                    Modifier.fillMaxWidth().padding(horizontal = 16.dp, vertical = 8.dp),
                    verticalAlignment = Alignment.CenterVertically,
                    horizontalArrangement = Arrangement.spacedBy(8.dp),
                ) {
                    FilterChip(
                        selected = news.unreadOnly,
                        onClick = { send(Event.ShowNews(!news.unreadOnly, language)) },
                        label = { Text(text(Label.unread_only)) },
                        leadingIcon = if (news.unreadOnly) {
                            { Icon(Icons.Filled.Check, contentDescription = null, modifier = Modifier.size(FilterChipDefaults.IconSize)) }
                        } else null,
                    )
                    Box(Modifier.weight(1f))
                    if (news.unreadCount > 0) {
                        TextButton(onClick = { send(Event.MarkAllNewsRead) }) { Text(text(Label.mark_all_read)) }
                    }
                }
            }
            if (news.polling) {
                item {
                    Text(
                        text(Label.news_polling),
                        style = MaterialTheme.typography.labelLarge,
                        color = MaterialTheme.colorScheme.onSurfaceVariant,
                        modifier = Modifier.padding(horizontal = 16.dp, vertical = 4.dp).semantics { liveRegion = LiveRegionMode.Polite },
                    )
                }
            }
            view.error?.let { item { NewsErrorLine(it) } }
            if (news.announcements.isEmpty()) {
                item {
                    val empty = when {
                        news.sources.isEmpty() -> Label.no_news_sources
                        news.unreadOnly -> Label.no_unread_news
                        else -> Label.no_news
                    }
                    Text(text(empty), style = MaterialTheme.typography.bodyLarge, modifier = Modifier.padding(16.dp))
                }
            }
            items(news.announcements, key = { it.id }) { row ->
                AnnouncementListItem(row, showLanguage = all, selected = row.id == selected, onOpen = { send(Event.OpenAnnouncement(row.id)) })
                HorizontalDivider()
            }
            item { OtherLanguages(news.otherLanguagesNote, all, onShow = { send(Event.ShowNews(news.unreadOnly, it)) }) }
            item {
                Text(
                    text(Label.news_sources),
                    style = MaterialTheme.typography.titleMedium,
                    modifier = Modifier.padding(start = 16.dp, end = 16.dp, top = 24.dp, bottom = 4.dp).semantics { heading() },
                )
            }
            items(news.sources, key = { "source:" + it.url }) { source ->
                SourceItem(source, onRemove = { asking = NewsQuestion.RemoveFeed(source.url, source.name) })
            }
            item { AddFeedForm(onAdd = { send(Event.AddFeed(it)) }) }
        }
      }
    }

    when (val q = asking) {
        is NewsQuestion.RemoveFeed -> AlertDialog(
            onDismissRequest = { asking = null },
            title = { Text(text(Label.remove_feed_question, q.name)) },
            text = { Text(text(Label.remove_feed_detail)) },
            confirmButton = {
                TextButton(onClick = { asking = null; send(Event.RemoveFeed(q.url)) }) {
                    Text(text(Label.remove_feed_confirm), color = MaterialTheme.colorScheme.error)
                }
            },
            dismissButton = { TextButton(onClick = { asking = null }) { Text(text(Label.remove_feed_keep)) } },
        )
        else -> Unit
    }
}

@Composable
private fun NewsErrorLine(message: String) {
    Text(
        message,
        color = MaterialTheme.colorScheme.error,
        modifier = Modifier.padding(horizontal = 16.dp, vertical = 4.dp).semantics { liveRegion = LiveRegionMode.Polite },
    )
}

@OptIn(ExperimentalLayoutApi::class)
@Composable
private fun AnnouncementListItem(row: AnnouncementRow, showLanguage: Boolean, selected: Boolean, onOpen: () -> Unit) {
    val unreadWord = text(Label.unread)
    ListItem(
        colors = if (selected) ListItemDefaults.colors(containerColor = MaterialTheme.colorScheme.secondaryContainer) else ListItemDefaults.colors(),
        overlineContent = { Text("${row.source} · ${row.date}", maxLines = 1, overflow = TextOverflow.Ellipsis) },
        headlineContent = {
            Text(
                row.title,
                maxLines = 2,
                overflow = TextOverflow.Ellipsis,
                fontWeight = if (row.read) null else FontWeight.Bold,
            )
        },
        leadingContent = {
            // The dot is decoration; the word beside the title says it to everyone.
            Box(
                Modifier.size(10.dp).background(if (row.read) androidx.compose.ui.graphics.Color.Transparent else MaterialTheme.colorScheme.primary, CircleShape),
            )
        },
        supportingContent = {
            Column(verticalArrangement = Arrangement.spacedBy(4.dp)) {
                if (row.preview.isNotBlank()) Text(row.preview, maxLines = 2, overflow = TextOverflow.Ellipsis)
                if (!row.read || row.hasEvent || (showLanguage && row.language != null)) {
                    FlowRow(horizontalArrangement = Arrangement.spacedBy(8.dp)) {
                        if (!row.read) Tag(unreadWord, MaterialTheme.colorScheme.primary)
                        if (row.hasEvent) Tag(text(Label.news_event), MaterialTheme.colorScheme.tertiary)
                        if (showLanguage) row.language?.let { Tag(it.uppercase(), MaterialTheme.colorScheme.onSurfaceVariant) }
                    }
                }
            }
        },
        modifier = Modifier.clickable(onClickLabel = text(Label.open_announcement), onClick = onOpen).semantics { this.selected = selected },
    )
}

@Composable
private fun Tag(word: String, color: androidx.compose.ui.graphics.Color) {
    Text(word, style = MaterialTheme.typography.labelMedium, color = color)
}

/** "3 announcements in other languages" and the button that shows them, or back to the member's own. */
@OptIn(ExperimentalLayoutApi::class)
@Composable
private fun OtherLanguages(note: String?, all: Boolean, onShow: (String?) -> Unit) {
    if (note == null && !all) return
    // The sentence and its button on one line, the button's text aligned with the sentence's.
    FlowRow(
        Modifier.fillMaxWidth().padding(start = 16.dp, end = 4.dp, top = 8.dp),
        itemVerticalAlignment = Alignment.CenterVertically,
    ) {
        note?.let { Text(it, style = MaterialTheme.typography.bodyMedium, color = MaterialTheme.colorScheme.onSurfaceVariant) }
        if (note != null) {
            TextButton(onClick = { onShow("all") }) { Text(text(Label.show_other_languages)) }
        } else {
            TextButton(onClick = { onShow(null) }, contentPadding = PaddingValues(horizontal = 0.dp)) { Text(text(Label.only_my_language)) }
        }
    }
}

@Composable
private fun SourceItem(source: NewsSourceView, onRemove: () -> Unit) {
    val failing = source.failing
    ListItem(
        headlineContent = { Text(source.name, maxLines = 2, overflow = TextOverflow.Ellipsis) },
        supportingContent = if (source.kind == "feed" || failing != null) {
            {
                Column(verticalArrangement = Arrangement.spacedBy(2.dp)) {
                    if (source.kind == "feed" && source.url != source.name) {
                        Text(source.url, maxLines = 1, overflow = TextOverflow.Ellipsis)
                    }
                    if (failing != null) {
                        Row(verticalAlignment = Alignment.Top, horizontalArrangement = Arrangement.spacedBy(4.dp)) {
                            Icon(
                                Icons.Filled.Warning, contentDescription = null, tint = MaterialTheme.colorScheme.error,
                                modifier = Modifier.padding(top = 2.dp).size(16.dp),
                            )
                            Text(failing, color = MaterialTheme.colorScheme.error)
                        }
                    }
                }
            }
        } else null,
        trailingContent = if (source.addedByMember) {
            {
                val named = text(Label.remove_feed_named, if (source.kind == "feed") source.url else source.name)
                TextButton(onClick = onRemove, modifier = Modifier.semantics { contentDescription = named }) {
                    Text(text(Label.remove_feed), color = MaterialTheme.colorScheme.error)
                }
            }
        } else null,
    )
}

/** The address typed stays until the core took it: a refused one (it says why) can be corrected. */
@Composable
private fun AddFeedForm(onAdd: (String) -> Unit) {
    var url by rememberSaveable { mutableStateOf("") }
    val add = { if (url.isNotBlank()) { onAdd(url.trim()); url = "" } }
    Column(Modifier.fillMaxWidth().padding(horizontal = 16.dp, vertical = 8.dp), verticalArrangement = Arrangement.spacedBy(8.dp)) {
        OutlinedTextField(
            value = url,
            onValueChange = { url = it },
            label = { Text(text(Label.feed_address)) },
            placeholder = { Text("https://…/feed.atom") },
            singleLine = true,
            keyboardOptions = KeyboardOptions(keyboardType = KeyboardType.Uri, imeAction = ImeAction.Done, autoCorrectEnabled = false),
            keyboardActions = KeyboardActions(onDone = { add() }),
            modifier = Modifier.fillMaxWidth(),
        )
        Button(onClick = add, enabled = url.isNotBlank()) { Text(text(Label.add_feed)) }
    }
}

/** From this width on, the list and the open announcement side by side (Material's expanded windows). */
val TWO_PANES_FROM = 840.dp

/**
 * The news tab: on a phone the list, or the open announcement over it; on
 * a wide window both side by side, the open one marked in the list. The
 * back gesture closes the announcement.
 */
@Composable
fun NewsDestination(view: ViewModel, snackbar: SnackbarHostState, send: (Event) -> Unit, bottomBar: @Composable () -> Unit) {
    val announcement = view.announcement
    if (announcement != null) LocalShell.current.BackHandler(true) { send(Event.CloseAnnouncement) }
    BoxWithConstraints(Modifier.fillMaxSize()) {
        when {
            maxWidth >= TWO_PANES_FROM -> NewsTwoPanes(view, snackbar, send, bottomBar)
            announcement != null -> AnnouncementScreen(announcement, view.calendars, view.error, snackbar, send)
            else -> NewsScreen(view, snackbar, send, bottomBar = bottomBar)
        }
    }
}

@Composable
private fun NewsTwoPanes(view: ViewModel, snackbar: SnackbarHostState, send: (Event) -> Unit, bottomBar: @Composable () -> Unit) {
    // The panes' own hosts stay empty: the core's notices are said once, across both.
    val listNotices = remember { SnackbarHostState() }
    val detailNotices = remember { SnackbarHostState() }
    val announcement = view.announcement
    Scaffold(bottomBar = bottomBar, snackbarHost = { SnackbarHost(snackbar) }) { padding ->
        Row(Modifier.fillMaxSize().padding(padding).consumeWindowInsets(padding)) {
            Box(Modifier.width(440.dp).fillMaxHeight()) {
                NewsScreen(view, listNotices, send, selected = announcement?.id)
            }
            VerticalDivider()
            Box(Modifier.weight(1f).fillMaxHeight()) {
                if (announcement != null) {
                    AnnouncementScreen(announcement, view.calendars, view.error, detailNotices, send)
                } else {
                    Text(
                        text(Label.news_pick_one),
                        style = MaterialTheme.typography.bodyLarge,
                        color = MaterialTheme.colorScheme.onSurfaceVariant,
                        modifier = Modifier.align(Alignment.Center).padding(32.dp),
                    )
                }
            }
        }
    }
}

/**
 * One announcement: its document drawn natively (never HTML), links that
 * open only once the member said yes, and for one that carries an event,
 * "add to my agenda" in a calendar the member can write to.
 */
@OptIn(ExperimentalMaterial3Api::class, ExperimentalLayoutApi::class)
@Composable
fun AnnouncementScreen(
    announcement: AnnouncementView,
    calendars: List<CalendarView>,
    error: String?,
    snackbar: SnackbarHostState,
    send: (Event) -> Unit,
    question: NewsQuestion? = null,
) {
    val shell = LocalShell.current
    val scope = rememberCoroutineScope()
    var asking by rememberSaveable(announcement.id, stateSaver = newsQuestionSaver) { mutableStateOf(question) }
    val noLinkApp = text(Label.no_app_to_open_link)
    val writable = calendars.filter { !it.readOnly }
    var calendar by rememberSaveable(announcement.id) { mutableStateOf(writable.firstOrNull()?.href) }

    Scaffold(
        topBar = {
            TopAppBar(
                title = {},
                navigationIcon = {
                    IconButton(onClick = { send(Event.CloseAnnouncement) }) {
                        Icon(Icons.AutoMirrored.Filled.ArrowBack, contentDescription = text(Label.back))
                    }
                },
            )
        },
        snackbarHost = { SnackbarHost(snackbar) },
    ) { padding ->
        Box(Modifier.fillMaxSize().padding(padding), contentAlignment = Alignment.TopCenter) {
            Column(
                // A line a reader can follow on a tablet, too.
                Modifier.widthIn(max = 720.dp).fillMaxWidth().verticalScroll(rememberScrollState()).padding(horizontal = 16.dp, vertical = 8.dp),
                verticalArrangement = Arrangement.spacedBy(8.dp),
            ) {
                Text(announcement.title, style = MaterialTheme.typography.headlineSmall, modifier = Modifier.semantics { heading() })
                Text(
                    listOfNotNull(announcement.source, announcement.date, announcement.author).filter { it.isNotBlank() }.joinToString(" · "),
                    style = MaterialTheme.typography.labelLarge,
                    color = MaterialTheme.colorScheme.onSurfaceVariant,
                )
                error?.let {
                    Text(it, color = MaterialTheme.colorScheme.error, modifier = Modifier.semantics { liveRegion = LiveRegionMode.Polite })
                }
                if (announcement.eventUrl != null) {
                    Card(
                        Modifier.fillMaxWidth().padding(vertical = 4.dp),
                        colors = CardDefaults.cardColors(containerColor = MaterialTheme.colorScheme.surfaceVariant),
                    ) {
                        Column(Modifier.padding(16.dp), verticalArrangement = Arrangement.spacedBy(8.dp)) {
                            Text(
                                announcement.eventTitle?.let { text(Label.event_in_announcement, it) } ?: text(Label.event_in_announcement_untitled),
                                style = MaterialTheme.typography.bodyLarge,
                            )
                            if (writable.isEmpty()) {
                                Text(text(Label.no_writable_calendar), color = MaterialTheme.colorScheme.onSurfaceVariant)
                            } else {
                                if (writable.size > 1) {
                                    Text(text(Label.news_calendar), style = MaterialTheme.typography.titleSmall)
                                    FlowRow(horizontalArrangement = Arrangement.spacedBy(8.dp)) {
                                        writable.forEach { c -> CategoryChip(c.name, selected = calendar == c.href) { calendar = c.href } }
                                    }
                                }
                                Button(onClick = { send(Event.AddAnnouncementToAgenda(announcement.id, calendar ?: writable.first().href)) }) {
                                    Icon(Icons.Filled.DateRange, contentDescription = null, modifier = Modifier.size(FilterChipDefaults.IconSize))
                                    Text(text(Label.add_to_agenda), modifier = Modifier.padding(start = 8.dp))
                                }
                            }
                        }
                    }
                }
                NoteDocument(
                    document = announcement.document,
                    readOnly = true,
                    onTask = {},
                    onLink = { href -> asking = NewsQuestion.Link(href) },
                    modifier = Modifier.padding(top = 8.dp),
                )
                announcement.link?.let { link ->
                    OutlinedButton(onClick = { asking = NewsQuestion.Link(link) }, modifier = Modifier.padding(top = 8.dp, bottom = 24.dp)) {
                        Text(text(Label.read_on_site))
                    }
                }
            }
        }
    }

    when (val q = asking) {
        is NewsQuestion.Link -> AlertDialog(
            onDismissRequest = { asking = null },
            title = { Text(text(Label.open_link_question)) },
            text = { Text(q.href, style = MaterialTheme.typography.bodyMedium) },
            confirmButton = {
                TextButton(onClick = {
                    asking = null
                    if (!isSafeLink(q.href) || !shell.open(q.href)) scope.launch { snackbar.showSnackbar(noLinkApp) }
                }) { Text(text(Label.open_link)) }
            },
            dismissButton = { TextButton(onClick = { asking = null }) { Text(text(Label.stay_here)) } },
        )
        else -> Unit
    }
}

/** Questions survive a rotation as two strings. */
private val newsQuestionSaver = androidx.compose.runtime.saveable.Saver<NewsQuestion?, List<String>>(
    save = { q ->
        when (q) {
            is NewsQuestion.RemoveFeed -> listOf("remove", q.url, q.name)
            is NewsQuestion.Link -> listOf("link", q.href)
            null -> emptyList()
        }
    },
    restore = { s ->
        when (s.firstOrNull()) {
            "remove" -> NewsQuestion.RemoveFeed(s[1], s[2])
            "link" -> NewsQuestion.Link(s[1])
            else -> null
        }
    },
)
