#!/usr/bin/env node
// Starts telegram-test-api 4.2.1 on 127.0.0.1 with the fixes python-telegram-bot 22 needs.
// Our routes come first; the package's own routes (its user-side API) handle the rest.
//
//   node launcher.js --port 9123
//
// Fixes over the stock package (see ../../shared/notes/telegram-testing.md):
// - getMe has is_bot and a username; sendMessage/editMessageText return proper Messages (date in
//   seconds, chat type, from, thread id); deleteMessage and answerCallbackQuery return true;
// - getUpdates honours offset and long-polls for `timeout` seconds (no busy loop);
// - updates keep every field the test client sent (chat_instance on callback queries, dates, topics);
// - methods it lacks (setMyCommands, sendChatAction, …) answer true, unknown ones a 400 naming them;
// - /control/* lets tests read every bot message (with edits), callback and inline answers, inject failures
//   and raw updates (inline queries).
'use strict';

const express = require('express');
const TelegramServer = require('telegram-test-api');

const args = process.argv.slice(2);
const arg = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : fallback;
};
const port = Number(arg('port', '9000'));
const host = '127.0.0.1';

const server = new TelegramServer({ port, host, storeTimeout: 24 * 3600 });
const BOT = {
  id: 4242, is_bot: true, first_name: 'Citebot', username: 'citebot_test_bot',
  can_join_groups: true, can_read_all_group_messages: false, supports_inline_queries: false,
};
const ACCEPTED = new Set([
  'setMyCommands', 'getMyCommands', 'deleteMyCommands', 'sendChatAction', 'deleteWebhook', 'setWebhook',
  'close', 'logOut', 'setChatMenuButton', 'answerCallbackQuery', 'answerInlineQuery',
]);
const failures = {}; // method -> [{status, description, retry_after}]
const callbackAnswers = [];
const inlineAnswers = [];
const calls = {};

function params(req) {
  const p = { ...req.query, ...(req.body || {}) };
  for (const k of ['reply_markup', 'entities', 'reply_parameters', 'link_preview_options', 'commands', 'results']) {
    if (typeof p[k] === 'string') {
      try { p[k] = JSON.parse(p[k]); } catch (e) { /* leave as is */ }
    }
  }
  return p;
}

function chatOf(id) {
  const n = Number(id);
  return n < 0 ? { id: n, type: 'supergroup', title: 'Team' } : { id: n, type: 'private', first_name: 'User' };
}

function botMessage(id, p) {
  const m = { message_id: id, date: Math.floor(Date.now() / 1000), chat: chatOf(p.chat_id), from: BOT, text: p.text || '' };
  if (p.reply_markup && p.reply_markup.inline_keyboard) m.reply_markup = p.reply_markup;
  if (p.message_thread_id) { m.message_thread_id = Number(p.message_thread_id); m.is_topic_message = true; }
  if (p.reply_parameters && p.reply_parameters.message_id) {
    m.reply_to_message = { message_id: Number(p.reply_parameters.message_id), date: m.date, chat: m.chat };
  }
  return m;
}

function fail(method, res) {
  const queue = failures[method];
  if (!queue || !queue.length) return false;
  const f = queue.shift();
  const body = { ok: false, error_code: f.status, description: f.description || `Error ${f.status}` };
  if (f.retry_after) body.parameters = { retry_after: f.retry_after };
  res.status(f.status).json(body);
  return true;
}

function formatUpdate(u) {
  if (u.raw) return { update_id: u.updateId, ...u.raw };
  if (u.callbackQuery) {
    const q = { chat_instance: 'emulator', ...u.callbackQuery, id: String(u.callbackId || u.updateId) };
    delete q.botToken;
    return { update_id: u.updateId, callback_query: q };
  }
  const m = { ...u.message, message_id: u.messageId };
  delete m.botToken;
  if (!m.date) m.date = Math.floor(u.time / 1000);
  if (m.date > 1e11) m.date = Math.floor(m.date / 1000);
  if (m.chat && !m.chat.type) m.chat = chatOf(m.chat.id);
  return { update_id: u.updateId, message: m };
}

const app = express();
app.use(express.json({ limit: '5mb' }));
app.use(express.urlencoded({ extended: true, limit: '5mb' }));

app.all('/bot:token/:method', async (req, res, next) => {
  const { token, method } = req.params;
  const p = params(req);
  calls[method] = (calls[method] || 0) + 1;
  if (fail(method, res)) return;
  switch (method) {
    case 'getMe':
      return res.json({ ok: true, result: BOT });
    case 'getUpdates': {
      const offset = Number(p.offset || 0);
      const timeout = Math.min(Number(p.timeout || 0), 50) * 1000;
      const limit = Math.min(Number(p.limit || 100), 100);
      server.storage.userMessages = server.storage.userMessages.filter(
        (u) => !(u.botToken === token && u.updateId < offset));
      const pending = () => server.storage.userMessages.filter((u) => u.botToken === token && u.updateId >= offset);
      if (!pending().length && timeout > 0) {
        await new Promise((resolve) => {
          const done = () => {
            clearTimeout(timer);
            for (const e of ['AddedUserMessage', 'AddedUserCommand', 'AddedUserCallbackQuery', 'AddedRawUpdate']) {
              server.off(e, done);
            }
            resolve();
          };
          const timer = setTimeout(done, timeout);
          for (const e of ['AddedUserMessage', 'AddedUserCommand', 'AddedUserCallbackQuery', 'AddedRawUpdate']) {
            server.on(e, done);
          }
          res.on('close', done); // the client went away (req's 'close' fires once the body is read)
        });
      }
      return res.json({ ok: true, result: pending().slice(0, limit).map(formatUpdate) });
    }
    case 'sendMessage': {
      const stored = server.addBotMessage({ ...p }, token);
      return res.json({ ok: true, result: botMessage(stored.message_id, p) });
    }
    case 'editMessageText':
    case 'editMessageReplyMarkup': {
      const found = server.storage.botMessages.find((u) => String(u.messageId) === String(p.message_id)
        && String(u.message.chat_id) === String(p.chat_id));
      if (!found) {
        return res.status(400).json({ ok: false, error_code: 400, description: 'Bad Request: message to edit not found' });
      }
      found.message = { ...found.message, ...p, edits: (found.message.edits || 0) + 1 };
      return res.json({ ok: true, result: botMessage(found.messageId, found.message) });
    }
    case 'deleteMessage': {
      const ok = server.deleteMessage(Number(p.chat_id), Number(p.message_id));
      if (!ok) return res.status(400).json({ ok: false, error_code: 400, description: 'Bad Request: message to delete not found' });
      return res.json({ ok: true, result: true });
    }
    default:
      if (method === 'answerCallbackQuery') callbackAnswers.push(p);
      if (method === 'answerInlineQuery') inlineAnswers.push(p);
      if (ACCEPTED.has(method)) return res.json({ ok: true, result: true });
      return res.status(400).json({ ok: false, error_code: 400, description: `Bad Request: method ${method} is not supported by the emulator` });
  }
});

// --- test control --------------------------------------------------------------------------
app.post('/control/fail', (req, res) => {
  const { method, status, description, retry_after: retryAfter, times } = req.body;
  failures[method] = failures[method] || [];
  for (let i = 0; i < (times || 1); i++) failures[method].push({ status, description, retry_after: retryAfter });
  res.json({ ok: true });
});
app.post('/control/botMessages', (req, res) => {
  const { token, chatId } = req.body;
  const result = server.storage.botMessages
    .filter((u) => u.botToken === token && (chatId === undefined || String(u.message.chat_id) === String(chatId)))
    .map((u) => ({ ...u.message, message_id: u.messageId }));
  res.json({ ok: true, result });
});
app.post('/control/rawUpdate', (req, res) => {
  const { token, update } = req.body;
  server.storage.userMessages.push({ raw: update, botToken: token, updateId: server.updateId, time: Date.now() });
  server.updateId++;
  server.emit('AddedRawUpdate');
  res.json({ ok: true });
});
app.get('/control/stats', (_req, res) => res.json({ ok: true, calls, callbackAnswers, inlineAnswers }));
app.get('/control/health', (_req, res) => res.json({ ok: true }));

// The package's own user-side routes (/sendMessage, /sendCommand, /sendCallback, /getUpdatesHistory).
app.use(server.webServer);

const http = app.listen(port, host, () => {
  process.stdout.write(`emulator listening on http://${host}:${port}\n`);
});
const stop = () => http.close(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
