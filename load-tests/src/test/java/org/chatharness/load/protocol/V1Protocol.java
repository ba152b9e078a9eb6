package org.chatharness.load.protocol;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The JSON protocol {@code chat.v1} (docs/PROTOCOL.md) as a load test speaks it: each virtual user
 * joins as {@code load-<userId>} with a key of its own, and a test message is a {@code send} whose
 * text carries the number as the plain protocol does ({@code #123#...}) and whose {@code cid} is
 * the run's tag and the number, so a re-sent message keeps its cid and two runs against one server
 * never share one (the server would take the second run's messages for duplicates).
 *
 * <p>Frames that arrive for every delivery ({@code message}, {@code ack}) are recognised by their
 * prefix and a substring scan, as the server writes them (type first, then the fields in a fixed
 * order); the rare ones ({@code welcome}, {@code history}) are parsed.
 *
 * <pre>{@code
 * V1Protocol v1 = new V1Protocol();
 * ws.sendText(v1.joinText(userId, since));   // then wait for welcome and history
 * ws.sendText(v1.encode(seq, 100));          // the server answers with an ack naming cid(seq)
 * long seq = v1.sequenceOf(frame);           // a delivered message's test number, or -1
 * }</pre>
 */
public final class V1Protocol implements ChatProtocol {
  public static final String NAME = "v1";
  public static final String SUBPROTOCOL = "chat.v1";

  private static final String MESSAGE = "{\"type\":\"message\",";
  private static final String ACK = "{\"type\":\"ack\",\"cid\":\"";
  private static final String WELCOME = "{\"type\":\"welcome\",";
  private static final String HISTORY = "{\"type\":\"history\",";
  private static final String ERROR = "{\"type\":\"error\",";
  private static final String PRESENCE = "{\"type\":\"presence\",";
  private static final String USER_PREFIX = "load-";
  private static final String TEXT_FIELD = "\"text\":\"#";
  private static final String ID_FIELD = "\"id\":";
  private static final String CID_FIELD = "\"cid\":\"";
  private static final String DUPLICATE = "\"duplicate\":true";
  private static final char MARK = '#';
  private static final char PAD = '.';
  private static final ObjectMapper JSON = new ObjectMapper();

  /** What a server frame is, told from its first bytes. */
  public enum Frame {
    MESSAGE,
    ACK,
    WELCOME,
    HISTORY,
    ERROR,
    PRESENCE,
    OTHER
  }

  /**
   * A {@code presence} frame as a change to a user's view of who is online: the whole list (small
   * rooms), or the names that came online and went offline (large rooms gather them; a single join
   * or leave without a list is one of each).
   *
   * @param online the list after the change, or {@code null}
   */
  public record Presence(List<String> online, List<String> joined, List<String> left) {}

  /** One message of a {@code history} frame: its id and test number (-1 for other messages). */
  public record Replayed(long id, long seq) {}

  /** A parsed {@code history} frame. */
  public record History(List<Replayed> messages, boolean gap) {}

  private final String run;

  /** A protocol whose cids carry a tag of this run (the start time in base 36). */
  public V1Protocol() {
    this(Long.toString(System.currentTimeMillis(), 36));
  }

  /** A protocol whose cids carry {@code run}: letters and digits, a few characters. */
  public V1Protocol(String run) {
    this.run = run;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String subprotocol() {
    return SUBPROTOCOL;
  }

  /** The chat name of a virtual user. */
  public String userName(long userId) {
    return USER_PREFIX + userId;
  }

  /** The virtual user a chat name belongs to, or -1 for a name not of this harness. */
  public long userIdOf(String name) {
    if (!name.startsWith(USER_PREFIX)) {
      return -1;
    }
    try {
      return Long.parseLong(name.substring(USER_PREFIX.length()));
    } catch (NumberFormatException notOurs) {
      return -1;
    }
  }

  /** The names a {@code welcome} lists as online. */
  public List<String> welcomeOnline(String welcome) {
    return names(parse(welcome).path("online"));
  }

  /** A {@code presence} frame, parsed (see {@link Presence}). */
  public Presence presence(String frame) {
    JsonNode root = parse(frame);
    String event = root.path("event").asText();
    if (event.equals("changes")) {
      return new Presence(null, names(root.path("joined")), names(root.path("left")));
    }
    List<String> one = List.of(root.path("name").asText());
    return new Presence(
        root.has("online") ? names(root.path("online")) : null,
        event.equals("join") ? one : List.of(),
        event.equals("leave") ? one : List.of());
  }

  private static List<String> names(JsonNode array) {
    List<String> names = new ArrayList<>(array.size());
    array.forEach(name -> names.add(name.asText()));
    return names;
  }

  /** The user's key: at least 16 characters, as the server requires, and the same for each join. */
  public String key(long userId) {
    return String.format(Locale.ROOT, "load-key-%s-%08d", run, userId);
  }

  @Override
  public String joinText(long userId) {
    return joinText(userId, -1);
  }

  /** The join of {@code userId}, resuming after message {@code since} when it is 0 or more. */
  public String joinText(long userId, long since) {
    String join =
        "{\"type\":\"join\",\"name\":\"" + userName(userId) + "\",\"key\":\"" + key(userId) + "\"";
    return since >= 0 ? join + ",\"since\":" + since + "}" : join + "}";
  }

  @Override
  public boolean isJoined(String delivered) {
    return delivered.startsWith(WELCOME);
  }

  /** The client id of test message {@code seq}: the same for every re-send of it. */
  public String cid(long seq) {
    return run + "-" + seq;
  }

  @Override
  public String encode(long seq, int size) {
    String head = "{\"type\":\"send\",\"cid\":\"" + cid(seq) + "\",\"text\":\"";
    return head + text(seq, size - head.length() - 2) + "\"}";
  }

  /** The text of test message {@code seq}: its number between two marks, padded to {@code size}. */
  public String text(long seq, int size) {
    StringBuilder text =
        new StringBuilder(Math.max(size, 24)).append(MARK).append(seq).append(MARK);
    while (text.length() < size) {
      text.append(PAD);
    }
    return text.toString();
  }

  /** The kind of a server frame, from its prefix. */
  public Frame frameOf(String delivered) {
    if (delivered.startsWith(MESSAGE)) {
      return Frame.MESSAGE;
    } else if (delivered.startsWith(ACK)) {
      return Frame.ACK;
    } else if (delivered.startsWith(WELCOME)) {
      return Frame.WELCOME;
    } else if (delivered.startsWith(HISTORY)) {
      return Frame.HISTORY;
    } else if (delivered.startsWith(ERROR)) {
      return Frame.ERROR;
    } else if (delivered.startsWith(PRESENCE)) {
      return Frame.PRESENCE;
    }
    return Frame.OTHER;
  }

  @Override
  public long sequenceOf(String delivered) {
    if (!delivered.startsWith(MESSAGE)) {
      return -1;
    }
    int text = delivered.indexOf(TEXT_FIELD, MESSAGE.length());
    return text < 0 ? -1 : digits(delivered, text + TEXT_FIELD.length(), MARK);
  }

  /** The id of a {@code message} or {@code ack} frame, or -1. */
  public long idOf(String delivered) {
    int id = delivered.indexOf(ID_FIELD);
    return id < 0 ? -1 : digits(delivered, id + ID_FIELD.length(), ',');
  }

  /** The test number an {@code ack} of this run acknowledges, or -1. */
  public long ackedSequence(String delivered) {
    if (!delivered.startsWith(ACK) || !delivered.startsWith(run + "-", ACK.length())) {
      return -1;
    }
    return digits(delivered, ACK.length() + run.length() + 1, '"');
  }

  /** True when an {@code ack} says the message had been accepted before. */
  public boolean isDuplicateAck(String delivered) {
    return delivered.endsWith(DUPLICATE + "}");
  }

  /** The test number an {@code error} names by its cid, or -1 when it names none of this run. */
  public long erroredSequence(String delivered) {
    int cid = delivered.indexOf(CID_FIELD + run + "-");
    return cid < 0 ? -1 : digits(delivered, cid + CID_FIELD.length() + run.length() + 1, '"');
  }

  /** The {@code lastId} of a {@code welcome} (parsed: one per join). */
  public long welcomeLastId(String welcome) {
    return parse(welcome).path("lastId").asLong(-1);
  }

  /** The messages and gap flag of a {@code history} (parsed: one per join). */
  public History history(String history) {
    JsonNode root = parse(history);
    List<Replayed> messages = new ArrayList<>();
    for (JsonNode m : root.path("messages")) {
      String text = m.path("text").asText("");
      long seq = text.isEmpty() || text.charAt(0) != MARK ? -1 : digits(text, 1, MARK);
      messages.add(new Replayed(m.path("id").asLong(-1), seq));
    }
    return new History(messages, root.path("gap").asBoolean(false));
  }

  private static JsonNode parse(String text) {
    try {
      return JSON.readTree(text);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not a chat.v1 frame: " + text, e);
    }
  }

  /** The decimal number at {@code from} that ends with {@code end}, or -1. */
  private static long digits(String text, int from, char end) {
    long value = 0;
    int count = 0;
    for (int i = from; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == end) {
        return count == 0 ? -1 : value;
      }
      if (c < '0' || c > '9' || ++count > 18) {
        return -1;
      }
      value = value * 10 + (c - '0');
    }
    return -1;
  }
}
