package io.castellan.model;

import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * One call to a streaming model, waited for: each piece of the answer goes to
 * {@link AnswerStreams} as it arrives, and the whole answer is returned as the plain call's would
 * be. Castellan's HTTP transport reads the stream on the calling thread, so a cancel's interrupt
 * reaches it, and the answer is whole (or failed) when the model's call returns.
 */
final class StreamedAnswer {

    private StreamedAnswer() {
    }

    static ChatResponse of(StreamingChatModel model, ChatRequest request, AnswerStreams streams, String invocationId, int turn) {
        CompletableFuture<ChatResponse> done = new CompletableFuture<>();
        streams.begin(invocationId, turn);
        model.chat(request, new StreamingChatResponseHandler() {
            @Override
            public void onPartialResponse(String piece) {
                streams.piece(invocationId, piece);
            }

            @Override
            public void onCompleteResponse(ChatResponse response) {
                done.complete(response);
            }

            @Override
            public void onError(Throwable error) {
                done.completeExceptionally(error);
            }
        });
        if (!done.isDone()) {
            // the stream was read to its end on this thread and no whole answer came of it (a cut or garbled stream)
            throw new IllegalStateException("the stream ended before the answer was whole");
        }
        try {
            return done.get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException runtime ? runtime : new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ModelException("interrupted while the model was answering");
        }
    }
}
